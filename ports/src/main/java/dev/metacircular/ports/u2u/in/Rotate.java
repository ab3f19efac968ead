package dev.metacircular.ports.u2u.in;

/** {@code rotate}: a new key version for the caller; older versions still decrypt. */
public record Rotate() {}
