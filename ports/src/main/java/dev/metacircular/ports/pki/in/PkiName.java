package dev.metacircular.ports.pki.in;

import dev.metacircular.ports.error.DomainException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The checks the CA's request records share: names of issuers and roles (1-64 characters of {@code
 * a-z 0-9 . _ -}, starting with a letter or digit: one safe storage path segment), required fields,
 * and lists (null is empty, no null items).
 */
public final class PkiName {

  /** The longest issuer or role name. */
  public static final int MAX_LENGTH = 64;

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  private PkiName() {}

  /** {@code value}, refused unless it is a valid issuer or role name. */
  public static String require(String field, String value) {
    required(field, value);
    if (!NAME.matcher(value).matches()) {
      throw new DomainException.InvalidInput(
          field
              + " must be 1-"
              + MAX_LENGTH
              + " characters of a-z, 0-9, '.', '_' and '-', starting with a letter or digit");
    }
    return value;
  }

  /** {@code value}, or {@code InvalidInput("<field> is required")} when it is null or blank. */
  public static <T> T required(String field, T value) {
    if (value == null || (value instanceof String s && s.isBlank())) {
      throw new DomainException.InvalidInput(field + " is required");
    }
    return value;
  }

  /** {@code list} copied (empty when null), refused if an item is null or blank. */
  public static List<String> list(String field, List<String> list) {
    if (list == null) {
      return List.of();
    }
    for (String item : list) {
      if (item == null || item.isBlank()) {
        throw new DomainException.InvalidInput(field + " must not hold empty items");
      }
    }
    return List.copyOf(list);
  }
}
