package dev.metacircular.ports.ssh.in;

/** {@code get-ca-key}: takes nothing; a public read. */
public record GetCaKey() {}
