package dev.metacircular.ports.transit.in;

/** {@code verify} and {@code verify-hmac}: whether the signature or HMAC matches. */
public record Validity(boolean valid) {}
