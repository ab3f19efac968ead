package dev.metacircular.ports.transit.in;

/** {@code list-keys}: no fields. */
public record ListKeys() {}
