package dev.metacircular.ports.transit.in;

import java.util.Objects;

/** {@code encrypt} and {@code rewrap}: the ciphertext and the key version that made it. */
public record Ciphertext(TransitValue ciphertext, int keyVersion) {
  public Ciphertext {
    Objects.requireNonNull(ciphertext, "ciphertext");
  }

  public Ciphertext(TransitValue ciphertext) {
    this(ciphertext, ciphertext.version());
  }
}
