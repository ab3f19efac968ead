package dev.metacircular.ports.transit.in;

import java.util.Objects;

/**
 * {@code datakey}: the wrapped data key, the key version that wrapped it, and the data key in the
 * clear when it was asked for (null otherwise).
 */
public record WrappedDataKey(TransitValue ciphertext, int keyVersion, byte[] plaintext) {
  public WrappedDataKey {
    Objects.requireNonNull(ciphertext, "ciphertext");
  }

  @Override
  public String toString() {
    return "WrappedDataKey[v" + keyVersion + "]";
  }
}
