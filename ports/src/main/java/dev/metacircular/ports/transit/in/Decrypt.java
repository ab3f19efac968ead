package dev.metacircular.ports.transit.in;

/**
 * {@code decrypt}: opens {@code ciphertext} of {@code key} with the context given at encryption.
 */
public record Decrypt(String key, TransitValue ciphertext, byte[] context) {
  public Decrypt {
    TransitKeyName.require("key", key);
    TransitKeyName.required("ciphertext", ciphertext);
  }
}
