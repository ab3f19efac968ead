package dev.metacircular.ports.pki.in;

/** Certificates in PEM, concatenated. */
public record Pems(String pem) {}
