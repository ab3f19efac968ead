package dev.metacircular.ports.pki.in;

/** The answer of a delete: the name and {@code deleted: true}. */
public record Deleted(String name, boolean deleted) {}
