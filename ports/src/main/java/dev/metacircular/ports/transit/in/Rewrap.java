package dev.metacircular.ports.transit.in;

/**
 * {@code rewrap}: {@code ciphertext} of {@code key} re-encrypted under the key's latest version,
 * the plaintext never leaving the engine.
 */
public record Rewrap(String key, TransitValue ciphertext, byte[] context) {
  public Rewrap {
    TransitKeyName.require("key", key);
    TransitKeyName.required("ciphertext", ciphertext);
  }
}
