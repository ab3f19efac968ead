package dev.metacircular.apps.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An output block the docs show under a shell block ({@code <!-- docs-test: output -->}) against
 * what that block printed: every line shown must have been printed, in the same order (lines the
 * docs leave out may come between), with {@code ...} in a line matching anything there and trailing
 * spaces ignored.
 */
final class PrintedLines {
  private PrintedLines() {}

  /** The shown lines that were not printed, in order; empty when all were. */
  static List<String> missing(String shown, String printed) {
    String[] actual = printed.split("\n", -1);
    List<String> missing = new ArrayList<>();
    int next = 0;
    for (String want : shown.split("\n")) {
      if (want.isBlank()) {
        continue;
      }
      Pattern line =
          Pattern.compile(Pattern.quote(want.stripTrailing()).replace("...", "\\E.*\\Q"));
      int found = -1;
      for (int i = next; i < actual.length; i++) {
        if (line.matcher(actual[i].stripTrailing()).matches()) {
          found = i;
          break;
        }
      }
      if (found < 0) {
        missing.add(want);
      } else {
        next = found + 1;
      }
    }
    return missing;
  }
}
