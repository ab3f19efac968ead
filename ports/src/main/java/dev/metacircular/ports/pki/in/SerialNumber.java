package dev.metacircular.ports.pki.in;

import dev.metacircular.ports.engine.spi.TextValue;
import dev.metacircular.ports.error.DomainException;
import java.math.BigInteger;
import java.util.Objects;

/**
 * A certificate's serial number. Written as lower-case hex byte pairs joined by {@code :} (as the
 * reference and Vault write it: {@code 1f:a0:...}); read with or without the colons, in either
 * case.
 */
public record SerialNumber(BigInteger value) implements TextValue {

  public SerialNumber {
    Objects.requireNonNull(value, "value");
    if (value.signum() <= 0) {
      throw new DomainException.InvalidInput("serial_number must be positive");
    }
  }

  /** The serial written as {@code text}. */
  public static SerialNumber parse(String field, String text) {
    if (text == null || text.isBlank()) {
      throw new DomainException.InvalidInput(field + " is required");
    }
    String hex = text.replace(":", "");
    if (hex.isEmpty() || hex.length() > 64 || !hex.matches("[0-9a-fA-F]+")) {
      throw new DomainException.InvalidInput(
          field + " must be hex, optionally in byte pairs joined by ':'");
    }
    BigInteger value = new BigInteger(hex, 16);
    if (value.signum() == 0) {
      throw new DomainException.InvalidInput(field + " must be positive");
    }
    return new SerialNumber(value);
  }

  @Override
  public String text() {
    String hex = value.toString(16);
    if (hex.length() % 2 == 1) {
      hex = "0" + hex;
    }
    StringBuilder out = new StringBuilder(hex.length() * 3 / 2);
    for (int i = 0; i < hex.length(); i += 2) {
      if (i > 0) {
        out.append(':');
      }
      out.append(hex, i, i + 2);
    }
    return out.toString();
  }

  /** The storage form: plain lower-case hex, one path segment. */
  public String hex() {
    return value.toString(16);
  }

  @Override
  public String toString() {
    return text();
  }
}
