package dev.metacircular.ports.transit.in;

/** {@code hmac}: the HMAC of {@code input} under the latest version of hmac key {@code key}. */
public record Hmac(String key, byte[] input) {
  public Hmac {
    TransitKeyName.require("key", key);
    TransitKeyName.required("input", input);
  }
}
