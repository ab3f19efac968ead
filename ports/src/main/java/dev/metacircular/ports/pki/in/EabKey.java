package dev.metacircular.ports.pki.in;

import dev.metacircular.ports.engine.spi.TextValue;
import dev.metacircular.ports.error.DomainException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/** An EAB HMAC key: written as unpadded base64url (what lego and certbot take); never printed. */
public record EabKey(byte[] key) implements TextValue {
  public EabKey {
    Objects.requireNonNull(key, "key");
  }

  public static EabKey parse(String field, String text) {
    try {
      return new EabKey(Base64.getUrlDecoder().decode(PkiName.required(field, text)));
    } catch (IllegalArgumentException e) {
      throw new DomainException.InvalidInput(field + " must be base64url");
    }
  }

  @Override
  public String text() {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(key);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EabKey other && Arrays.equals(key, other.key);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(key);
  }

  @Override
  public String toString() {
    return "EabKey[redacted]";
  }
}
