package dev.metacircular.ports.transit.in;

/** {@code sign}: signs {@code input} with the latest version of signing key {@code key}. */
public record Sign(String key, byte[] input) {
  public Sign {
    TransitKeyName.require("key", key);
    TransitKeyName.required("input", input);
  }
}
