package dev.metacircular.web.fleet;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Times as the fleet pages show them: UTC, to the second (as the identity pages do). */
final class Times {
  private static final DateTimeFormatter SHOWN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private Times() {}

  static String show(Instant t) {
    return SHOWN.format(t.truncatedTo(ChronoUnit.SECONDS));
  }
}
