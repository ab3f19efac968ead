package dev.metacircular.sqlite;

import dev.metacircular.ports.storage.StorageKeys;
import java.util.Objects;
import java.util.Optional;

/**
 * How barrier keys map onto SQLite text. SQLite keeps text as UTF-8 and its BINARY collation
 * compares the bytes, which for well-formed text is code point order. Two consequences:
 *
 * <ul>
 *   <li>An unpaired surrogate has no UTF-8 form: the driver writes {@code ?} instead, so {@code
 *       "a\uD800"} would silently become the key {@code "a?"}. Such keys are refused.
 *   <li>The keys that start with a prefix are one range {@code [lower, upper)} in that order, which
 *       is what makes {@code list} a range scan of the primary key.
 * </ul>
 */
final class BarrierKeys {

  /** Keys from {@code lower} (inclusive) to {@code upper} (exclusive; null for no bound). */
  record Range(String lower, String upper) {
    Range {
      Objects.requireNonNull(lower, "lower");
    }
  }

  private BarrierKeys() {}

  /**
   * Checks {@code key} against the port's rules, and refuses unpaired surrogates, which SQLite
   * cannot store.
   *
   * @throws IllegalArgumentException when the key is invalid or not storable
   */
  static String requireStorable(String key) {
    StorageKeys.requireValid(key);
    if (!isWellFormed(key, 0, key.length())) {
      throw new IllegalArgumentException(
          "storage key must not contain unpaired surrogates (they have no UTF-8 form)");
    }
    return key;
  }

  /**
   * The range of stored keys that start with {@code prefix} (by UTF-16 code units, as {@link
   * String#startsWith} matches), or empty when no storable key can start with it.
   */
  static Optional<Range> range(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    if (prefix.length() > StorageKeys.MAX_LENGTH) {
      return Optional.empty();
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (Character.isISOControl(prefix.charAt(i))) {
        return Optional.empty();
      }
    }
    int last = prefix.length() - 1;
    if (last >= 0
        && Character.isHighSurrogate(prefix.charAt(last))
        && isWellFormed(prefix, 0, last)) {
      // The prefix ends half-way through a surrogate pair: the keys that match continue it with
      // any of the 1024 supplementary code points that share this high surrogate, a run of
      // consecutive code points.
      String head = prefix.substring(0, last);
      int first = Character.toCodePoint(prefix.charAt(last), Character.MIN_LOW_SURROGATE);
      int lastOfRun = Character.toCodePoint(prefix.charAt(last), Character.MAX_LOW_SURROGATE);
      String lower = head + Character.toString(first);
      return Optional.of(new Range(lower, successor(head + Character.toString(lastOfRun))));
    }
    if (!isWellFormed(prefix, 0, prefix.length())) {
      return Optional.empty();
    }
    return Optional.of(new Range(prefix, successor(prefix)));
  }

  /**
   * The least string, in code point order, above every string that starts with {@code s}: its last
   * code point incremented (skipping the surrogate block, which UTF-8 cannot encode), after
   * dropping trailing U+10FFFF. Null when {@code s} is empty or all U+10FFFF: no upper bound.
   */
  static String successor(String s) {
    int end = s.length();
    while (end > 0) {
      int codePoint = s.codePointBefore(end);
      int start = end - Character.charCount(codePoint);
      if (codePoint < Character.MAX_CODE_POINT) {
        int next = codePoint + 1 == Character.MIN_SURROGATE ? 0xE000 : codePoint + 1;
        return s.substring(0, start) + Character.toString(next);
      }
      end = start;
    }
    return null;
  }

  /** Whether {@code s[from, to)} has no unpaired surrogate. */
  private static boolean isWellFormed(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= to || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
