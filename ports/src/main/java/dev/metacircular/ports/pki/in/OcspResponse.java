package dev.metacircular.ports.pki.in;

/** {@code ocsp}: the OCSP response's DER; an unknown issuer or bad request is an OCSP status. */
public record OcspResponse(byte[] response) {}
