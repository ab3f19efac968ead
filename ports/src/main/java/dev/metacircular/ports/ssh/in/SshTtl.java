package dev.metacircular.ports.ssh.in;

import dev.metacircular.ports.engine.spi.TextValue;
import dev.metacircular.ports.error.DomainException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A certificate lifetime: whole seconds from 1 second to 366 days. Its text form is a number of
 * seconds ({@code "3600"}) or units in descending order, each at most once: {@code d}, {@code h},
 * {@code m}, {@code s} ({@code "8h"}, {@code "1h30m"}, {@code "7d"}); answers use the shortest such
 * form.
 */
public record SshTtl(long seconds) implements TextValue {

  /** The longest lifetime a profile may allow. */
  public static final long MAX_SECONDS = 366L * 24 * 3600;

  private static final Pattern UNITS =
      Pattern.compile("(?:(\\d{1,6})d)?(?:(\\d{1,7})h)?(?:(\\d{1,9})m)?(?:(\\d{1,10})s)?");

  public SshTtl {
    if (seconds < 1 || seconds > MAX_SECONDS) {
      throw new DomainException.InvalidInput("a ttl must be between 1s and 366d");
    }
  }

  public static SshTtl of(Duration d) {
    return new SshTtl(d.getSeconds());
  }

  public Duration duration() {
    return Duration.ofSeconds(seconds);
  }

  @Override
  public String text() {
    StringBuilder b = new StringBuilder();
    long s = seconds;
    long[] sizes = {86400, 3600, 60, 1};
    String[] units = {"d", "h", "m", "s"};
    for (int i = 0; i < sizes.length; i++) {
      if (s >= sizes[i]) {
        b.append(s / sizes[i]).append(units[i]);
        s %= sizes[i];
      }
    }
    return b.toString();
  }

  /** Parses {@code text}; {@code InvalidInput} naming {@code field} otherwise. */
  public static SshTtl parse(String field, String text) {
    if (text == null || text.isEmpty() || text.length() > 32) {
      throw bad(field);
    }
    long total;
    if (text.chars().allMatch(Character::isDigit)) {
      if (text.length() > 10) {
        throw bad(field);
      }
      total = Long.parseLong(text);
    } else {
      Matcher m = UNITS.matcher(text);
      if (!m.matches()) {
        throw bad(field);
      }
      total = 0;
      long[] sizes = {86400, 3600, 60, 1};
      for (int i = 0; i < 4; i++) {
        if (m.group(i + 1) != null) {
          total += Long.parseLong(m.group(i + 1)) * sizes[i];
        }
      }
    }
    if (total < 1 || total > MAX_SECONDS) {
      throw new DomainException.InvalidInput(field + " must be between 1s and 366d");
    }
    return new SshTtl(total);
  }

  private static DomainException bad(String field) {
    return new DomainException.InvalidInput(
        field + " must be seconds (\"3600\") or units like \"8h\", \"1h30m\", \"7d\"");
  }

  @Override
  public String toString() {
    return text();
  }
}
