package dev.metacircular.ports.pki.in;

import dev.metacircular.ports.engine.spi.TextValue;
import dev.metacircular.ports.error.DomainException;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A lifetime as the reference writes it: whole units of days, hours, minutes and seconds ({@code
 * 87600h}, {@code 30d}, {@code 1h30m}), at least one second.
 */
public record Ttl(Duration duration) implements TextValue {
  private static final Pattern WHOLE = Pattern.compile("(?:[0-9]{1,9}[dhms])+");
  private static final Pattern PART = Pattern.compile("([0-9]{1,9})([dhms])");

  public Ttl {
    Objects.requireNonNull(duration, "duration");
    if (duration.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new DomainException.InvalidInput("a ttl must be at least one second");
    }
  }

  /** The ttl written as {@code text}; {@code InvalidInput} naming {@code field} otherwise. */
  public static Ttl parse(String field, String text) {
    if (text == null || text.length() > 40 || !WHOLE.matcher(text).matches()) {
      throw new DomainException.InvalidInput(
          field + " must be a duration such as \"720h\", \"30d\" or \"1h30m\"");
    }
    Duration total = Duration.ZERO;
    Matcher part = PART.matcher(text);
    while (part.find()) {
      long n = Long.parseLong(part.group(1));
      total =
          total.plus(
              switch (part.group(2)) {
                case "d" -> Duration.ofDays(n);
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
              });
    }
    if (total.isZero()) {
      throw new DomainException.InvalidInput(field + " must be at least one second");
    }
    return new Ttl(total);
  }

  /** {@code duration} as a ttl. */
  public static Ttl of(Duration duration) {
    return new Ttl(duration);
  }

  /** The shortest text in hours, minutes and seconds ({@code 87600h}, {@code 90m}, {@code 45s}). */
  @Override
  public String text() {
    long seconds = duration.getSeconds();
    if (seconds % 3600 == 0) {
      return seconds / 3600 + "h";
    }
    if (seconds % 60 == 0) {
      return seconds / 60 + "m";
    }
    return seconds + "s";
  }

  @Override
  public String toString() {
    return text();
  }
}
