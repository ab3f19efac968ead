package dev.metacircular.ports.pki.in;

/** {@code list-roles}: no fields. */
public record ListRoles() {}
