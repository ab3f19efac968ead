package dev.metacircular.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metacircular.ports.error.DomainException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Token lifetimes as clients write them: whole seconds as a JSON number, or a Go-style duration
 * string made of {@code <digits><unit>} parts with units d, h, m, s ({@code "720h"}, {@code
 * "1h30m"}, {@code "30d"}). Whether the value is acceptable (positive, not too long) is the core's
 * decision.
 */
final class Ttls {
  private static final Pattern WHOLE = Pattern.compile("(?:[0-9]{1,9}[dhms])+");
  private static final Pattern PART = Pattern.compile("([0-9]{1,9})([dhms])");
  // Bounds the regex work; no sensible lifetime needs more.
  private static final int MAX_TEXT = 40;
  private static final String INVALID =
      "invalid ttl: give whole seconds or a duration such as \"720h\", \"30m\" or \"7d\"";

  private Ttls() {}

  /** The duration, or null when the field was absent or null. */
  static Duration parse(JsonNode ttl) {
    if (ttl == null || ttl.isNull() || ttl.isMissingNode()) {
      return null;
    }
    if (ttl.isIntegralNumber() && ttl.canConvertToLong()) {
      return Duration.ofSeconds(ttl.longValue());
    }
    if (ttl.isTextual()) {
      return parse(ttl.textValue());
    }
    throw new DomainException.InvalidInput(INVALID);
  }

  static Duration parse(String text) {
    if (text == null || text.length() > MAX_TEXT || !WHOLE.matcher(text).matches()) {
      throw new DomainException.InvalidInput(INVALID);
    }
    Duration total = Duration.ZERO;
    Matcher part = PART.matcher(text);
    try {
      while (part.find()) {
        long amount = Long.parseLong(part.group(1));
        total =
            total.plus(
                switch (part.group(2)) {
                  case "d" -> Duration.ofDays(amount);
                  case "h" -> Duration.ofHours(amount);
                  case "m" -> Duration.ofMinutes(amount);
                  default -> Duration.ofSeconds(amount);
                });
      }
    } catch (ArithmeticException overflow) {
      throw new DomainException.InvalidInput(INVALID);
    }
    return total;
  }
}
