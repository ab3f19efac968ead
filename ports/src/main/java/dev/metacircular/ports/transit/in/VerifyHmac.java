package dev.metacircular.ports.transit.in;

/** {@code verify-hmac}: checks {@code hmac} of {@code input} under hmac key {@code key}. */
public record VerifyHmac(String key, byte[] input, TransitValue hmac) {
  public VerifyHmac {
    TransitKeyName.require("key", key);
    TransitKeyName.required("input", input);
    TransitKeyName.required("hmac", hmac);
  }
}
