package dev.metacircular.ports.transit.in;

/**
 * {@code encrypt}: {@code plaintext} under the latest version of {@code key}, {@code context} bound
 * as associated data (null and empty are the same). The arrays are the caller's: the engine neither
 * keeps nor wipes them.
 */
public record Encrypt(String key, byte[] plaintext, byte[] context) {
  public Encrypt {
    TransitKeyName.require("key", key);
    TransitKeyName.required("plaintext", plaintext);
  }
}
