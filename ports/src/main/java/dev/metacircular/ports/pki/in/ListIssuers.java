package dev.metacircular.ports.pki.in;

/** {@code list-issuers}: no fields. */
public record ListIssuers() {}
