package dev.metacircular.ports.acme.in;

/** What a directory's {@code meta} tells clients. */
public record DirectoryMeta(boolean externalAccountRequired) {}
