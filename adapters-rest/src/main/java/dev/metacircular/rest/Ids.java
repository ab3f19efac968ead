package dev.metacircular.rest;

import dev.metacircular.ports.error.DomainException;
import java.util.UUID;
import java.util.regex.Pattern;

/** Account ids on the wire: the canonical 8-4-4-4-12 hex form only. */
final class Ids {
  // UUID.fromString alone accepts "1-1-1-1-1"; an id has exactly one spelling.
  private static final Pattern CANONICAL =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private Ids() {}

  static UUID accountId(String value) {
    if (value == null || !CANONICAL.matcher(value).matches()) {
      throw new DomainException.InvalidInput("invalid account id");
    }
    return UUID.fromString(value);
  }
}
