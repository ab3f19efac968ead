package dev.metacircular.ports.transit.in;

import dev.metacircular.ports.error.DomainException;

/**
 * Transit key names: 1-128 characters of {@code A-Z a-z 0-9 . _ -}, not {@code .} or {@code ..}, so
 * a name is always one safe storage path segment. Checked by every request record that names a key,
 * with the request field's name in the refusal.
 */
public final class TransitKeyName {

  /** The longest key name. */
  public static final int MAX_LENGTH = 128;

  private TransitKeyName() {}

  /**
   * {@code name}, or {@code InvalidInput}: {@code "<field> is required"} when absent, {@code
   * "<field> must be 1-128 characters of ..."} when it is not a valid name.
   */
  public static String require(String field, String name) {
    if (name == null) {
      throw new DomainException.InvalidInput(field + " is required");
    }
    boolean valid =
        !name.isEmpty() && name.length() <= MAX_LENGTH && !name.equals(".") && !name.equals("..");
    for (int i = 0; valid && i < name.length(); i++) {
      char c = name.charAt(i);
      valid =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == '-';
    }
    if (!valid) {
      throw new DomainException.InvalidInput(
          field
              + " must be 1-"
              + MAX_LENGTH
              + " characters of A-Z, a-z, 0-9, '.', '_' and '-' (not '.' or '..')");
    }
    return name;
  }

  /** {@code value}, or {@code InvalidInput("<field> is required")} when it is null. */
  static <T> T required(String field, T value) {
    if (value == null) {
      throw new DomainException.InvalidInput(field + " is required");
    }
    return value;
  }
}
