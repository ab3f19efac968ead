package dev.metacircular.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The prefix-to-range computation behind {@code list}, checked without SQLite: a key is in the
 * range, compared as UTF-8 bytes the way SQLite's BINARY collation compares it, exactly when it
 * starts with the prefix.
 */
class BarrierKeysTest {

  /** Code points at the edges that a successor computation gets wrong. */
  private static final int[] EDGES = {
    'a', 0x7F - 1, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFF, 0x10000, 0x1F600, 0x10FFFF
  };

  @Test
  void theSuccessorIncrementsTheLastCodePointAndSkipsTheSurrogates() {
    assertThat(BarrierKeys.successor("a/")).isEqualTo("a0");
    assertThat(BarrierKeys.successor("a\uD7FF")).isEqualTo("a\uE000");
    assertThat(BarrierKeys.successor("a\uFFFF")).isEqualTo("a\uD800\uDC00"); // U+10000
    assertThat(BarrierKeys.successor("a\uD83D\uDE00")).isEqualTo("a\uD83D\uDE01");
  }

  @Test
  void theSuccessorDropsTrailingMaximalCodePointsAndIsUnboundedWhenNothingIsLeft() {
    String max = "\uDBFF\uDFFF"; // U+10FFFF
    assertThat(BarrierKeys.successor("a" + max + max)).isEqualTo("b");
    assertThat(BarrierKeys.successor(max)).isNull();
    assertThat(BarrierKeys.successor("")).isNull();
  }

  @Test
  void theEmptyPrefixIsEveryKey() {
    assertThat(BarrierKeys.range("")).contains(new BarrierKeys.Range("", null));
  }

  @Test
  void aPrefixNoKeyCanStartWithHasNoRange() {
    assertThat(BarrierKeys.range("a\nb")).isEmpty();
    assertThat(BarrierKeys.range("a\uDC00")).isEmpty();
    assertThat(BarrierKeys.range("a\uD800x")).isEmpty();
    assertThat(BarrierKeys.range("x".repeat(1025))).isEmpty();
  }

  @Test
  void everyKeyIsInItsPrefixRangeExactlyWhenItStartsWithThePrefix() {
    List<String> keys = new ArrayList<>();
    for (int a : EDGES) {
      keys.add(Character.toString(a));
      for (int b : EDGES) {
        keys.add(Character.toString(a) + Character.toString(b));
        for (int c : EDGES) {
          keys.add(Character.toString(a) + Character.toString(b) + Character.toString(c));
        }
      }
    }
    // Every UTF-16 prefix of every key: some end half-way through a surrogate pair.
    Set<String> prefixes = new LinkedHashSet<>();
    prefixes.add("");
    for (String key : keys) {
      for (int end = 1; end <= key.length(); end++) {
        prefixes.add(key.substring(0, end));
      }
    }

    List<String> wrong = new ArrayList<>();
    for (String prefix : prefixes) {
      Optional<BarrierKeys.Range> range = BarrierKeys.range(prefix);
      for (String key : keys) {
        boolean inRange = range.isPresent() && contains(range.get(), key);
        if (inRange != key.startsWith(prefix)) {
          wrong.add("key " + codes(key) + " prefix " + codes(prefix) + " in range: " + inRange);
        }
      }
    }
    assertThat(prefixes).hasSizeGreaterThan(1000);
    assertThat(wrong).isEmpty();
  }

  private static boolean contains(BarrierKeys.Range range, String key) {
    byte[] k = utf8(key);
    return Arrays.compareUnsigned(k, utf8(range.lower())) >= 0
        && (range.upper() == null || Arrays.compareUnsigned(k, utf8(range.upper())) < 0);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String codes(String s) {
    StringBuilder b = new StringBuilder("[");
    s.chars().forEach(c -> b.append(' ').append(Integer.toHexString(c)));
    return b.append(" ]").toString();
  }
}
