package dev.metacircular.web.identity;

import dev.metacircular.ports.error.DomainException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** Times as the pages show them (UTC, to the second) and read them (RFC 3339). */
final class Times {
  private static final DateTimeFormatter SHOWN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private Times() {}

  static String show(Instant t) {
    return t == null ? "" : SHOWN.format(t.truncatedTo(ChronoUnit.SECONDS));
  }

  /** An RFC 3339 instant from a form, or null when empty; 400 when it is not one. */
  static Instant parse(String field, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw new DomainException.InvalidInput(
          field + " must be an RFC 3339 time such as 2026-01-01T00:00:00Z");
    }
  }
}
