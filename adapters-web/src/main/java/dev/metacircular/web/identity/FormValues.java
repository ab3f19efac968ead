package dev.metacircular.web.identity;

import dev.metacircular.ports.error.DomainException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Form and path values read the way the REST API reads the same fields (adapters do not share code,
 * so the few rules are repeated here with the same wording): canonical account ids, TTLs as seconds
 * or Go-style durations, comma-separated lists.
 */
final class FormValues {
  private static final Pattern UUID_TEXT =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern SECONDS = Pattern.compile("[0-9]{1,12}");
  private static final Pattern DURATION = Pattern.compile("(?:[0-9]{1,9}[dhms])+");
  private static final Pattern PART = Pattern.compile("([0-9]{1,9})([dhms])");
  private static final String INVALID_TTL =
      "invalid ttl: give whole seconds or a duration such as \"720h\", \"30m\" or \"7d\"";
  private static final int MAX_LIST = 64;

  private FormValues() {}

  static UUID accountId(String value) {
    if (value == null || !UUID_TEXT.matcher(value).matches()) {
      throw new DomainException.InvalidInput("invalid account id");
    }
    return UUID.fromString(value);
  }

  /** Null when empty (the core's default applies). */
  static Duration ttl(String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    if (SECONDS.matcher(text).matches()) {
      return Duration.ofSeconds(Long.parseLong(text));
    }
    if (text.length() > 40 || !DURATION.matcher(text).matches()) {
      throw new DomainException.InvalidInput(INVALID_TTL);
    }
    Duration total = Duration.ZERO;
    Matcher part = PART.matcher(text);
    while (part.find()) {
      long amount = Long.parseLong(part.group(1));
      String unit = part.group(2);
      if ("d".equals(unit)) {
        total = total.plusDays(amount);
      } else if ("h".equals(unit)) {
        total = total.plusHours(amount);
      } else if ("m".equals(unit)) {
        total = total.plusMinutes(amount);
      } else {
        total = total.plusSeconds(amount);
      }
    }
    return total;
  }

  /** "a, b ,c" → [a, b, c]; blanks dropped; at most 64 entries. */
  static List<String> list(String text) {
    List<String> out = new ArrayList<>();
    if (text == null) {
      return out;
    }
    for (String part : text.split(",", -1)) {
      String t = part.trim();
      if (!t.isEmpty()) {
        out.add(t);
      }
    }
    if (out.size() > MAX_LIST) {
      throw new DomainException.InvalidInput("at most " + MAX_LIST + " entries in a list");
    }
    return out;
  }

  /** An integer field, or {@code fallback} when empty. */
  static int integer(String field, String text, int fallback) {
    if (text == null || text.isEmpty()) {
      return fallback;
    }
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new DomainException.InvalidInput(field + " must be a whole number");
    }
  }
}
