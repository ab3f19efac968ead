package dev.metacircular.ports.pki.in;

/** A CRL's DER (base64 on the JSON door). */
public record Crl(byte[] der) {}
