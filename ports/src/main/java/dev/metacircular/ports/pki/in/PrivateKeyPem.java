package dev.metacircular.ports.pki.in;

import dev.metacircular.ports.engine.spi.TextValue;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A private key in PKCS#8 PEM, held as bytes so the core can wipe its copy: the one time {@code
 * issue} or {@code renew} hands a generated key out, and the root key given to a mount at import.
 * Never printed.
 */
public record PrivateKeyPem(byte[] pem) implements TextValue {

  public PrivateKeyPem {
    Objects.requireNonNull(pem, "pem");
  }

  /** The key written as {@code text} (the JSON door's form). */
  public static PrivateKeyPem parse(String field, String text) {
    PkiName.required(field, text);
    return new PrivateKeyPem(text.getBytes(StandardCharsets.US_ASCII));
  }

  /** The PEM characters, for a parser that takes {@code char[]}; the caller wipes them. */
  public char[] chars() {
    char[] out = new char[pem.length];
    for (int i = 0; i < pem.length; i++) {
      out[i] = (char) (pem[i] & 0xff);
    }
    return out;
  }

  /** Overwrites the bytes with zeros. */
  public void wipe() {
    Arrays.fill(pem, (byte) 0);
  }

  @Override
  public String text() {
    return new String(pem, StandardCharsets.US_ASCII);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PrivateKeyPem other && Arrays.equals(pem, other.pem);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(pem);
  }

  @Override
  public String toString() {
    return "PrivateKeyPem[redacted]";
  }
}
