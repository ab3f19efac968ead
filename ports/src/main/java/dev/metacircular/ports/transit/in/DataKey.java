package dev.metacircular.ports.transit.in;

/**
 * {@code datakey}: a fresh random 256-bit data key wrapped under {@code key}, and in the clear too
 * when {@code plaintext} is true.
 */
public record DataKey(String key, Boolean plaintext, byte[] context) {
  public DataKey {
    TransitKeyName.require("key", key);
    TransitKeyName.required("plaintext", plaintext);
  }
}
