package dev.metacircular.ports.ssh.in;

/** {@code list-profiles}: takes nothing. */
public record ListProfiles() {}
