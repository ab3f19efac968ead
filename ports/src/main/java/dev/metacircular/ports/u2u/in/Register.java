package dev.metacircular.ports.u2u.in;

/** {@code register}: the caller's key pair, made on first call (idempotent). Takes nothing. */
public record Register() {}
