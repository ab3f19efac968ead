package dev.metacircular.ports.transit.in;

/** {@code verify}: checks {@code signature} of {@code input} under signing key {@code key}. */
public record Verify(String key, byte[] input, TransitValue signature) {
  public Verify {
    TransitKeyName.require("key", key);
    TransitKeyName.required("input", input);
    TransitKeyName.required("signature", signature);
  }
}
