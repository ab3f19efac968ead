package dev.metacircular.sqlite;

import java.util.ArrayList;
import java.util.List;

/**
 * A list of strings in one TEXT column: each item as {@code <length>:<item>}, concatenated. Any
 * character survives (a command argument may hold a newline, a comma or a colon), and the empty
 * list is the empty string.
 */
final class ListColumn {

  private ListColumn() {}

  static String encode(List<String> items) {
    StringBuilder text = new StringBuilder();
    for (String item : items) {
      text.append(item.length()).append(':').append(item);
    }
    return text.toString();
  }

  static List<String> decode(String text) {
    List<String> items = new ArrayList<>();
    int at = 0;
    while (at < text.length()) {
      int colon = text.indexOf(':', at);
      if (colon < 0) {
        throw new IllegalStateException("a list column is damaged at offset " + at);
      }
      int length = Integer.parseInt(text.substring(at, colon));
      int end = colon + 1 + length;
      if (length < 0 || end > text.length()) {
        throw new IllegalStateException("a list column is damaged at offset " + at);
      }
      items.add(text.substring(colon + 1, end));
      at = end;
    }
    return items;
  }
}
