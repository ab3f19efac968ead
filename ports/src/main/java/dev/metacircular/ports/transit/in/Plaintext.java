package dev.metacircular.ports.transit.in;

import java.util.Objects;

/** {@code decrypt}: the plaintext; the receiver owns (and may wipe) the array. */
public record Plaintext(byte[] plaintext) {
  public Plaintext {
    Objects.requireNonNull(plaintext, "plaintext");
  }

  @Override
  public String toString() {
    return "Plaintext[" + plaintext.length + " bytes]";
  }
}
