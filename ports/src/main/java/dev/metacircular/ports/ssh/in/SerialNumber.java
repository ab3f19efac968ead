package dev.metacircular.ports.ssh.in;

import dev.metacircular.ports.engine.spi.TextValue;
import dev.metacircular.ports.error.DomainException;

/**
 * A certificate serial number: 64 bits, unsigned, never zero. Its text form is the unsigned decimal
 * {@code ssh-keygen -L} prints; the JSON door carries it as a string, because a JSON number above
 * 2^53 loses digits in most clients (jq, JavaScript).
 */
public record SerialNumber(long value) implements TextValue {
  public SerialNumber {
    if (value == 0) {
      throw new DomainException.InvalidInput("serial_number must not be 0");
    }
  }

  @Override
  public String text() {
    return Long.toUnsignedString(value);
  }

  /** Parses unsigned decimal text; {@code InvalidInput} naming {@code field} otherwise. */
  public static SerialNumber parse(String field, String text) {
    if (text == null
        || text.isEmpty()
        || text.length() > 20
        || !text.chars().allMatch(Character::isDigit)
        || (text.length() > 1 && text.charAt(0) == '0')) {
      throw new DomainException.InvalidInput(field + " must be a decimal serial number");
    }
    try {
      long value = Long.parseUnsignedLong(text);
      if (value == 0) {
        throw new DomainException.InvalidInput(field + " must not be 0");
      }
      return new SerialNumber(value);
    } catch (NumberFormatException e) {
      throw new DomainException.InvalidInput(field + " is out of range");
    }
  }

  @Override
  public String toString() {
    return text();
  }
}
