package dev.metacircular.ports.ssh.in;

/** The answer of {@code delete-profile}. Certificates it issued stay on record. */
public record ProfileDeleted(String name, boolean deleted) {}
