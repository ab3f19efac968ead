package dev.metacircular.domain.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A compiled path glob. {@code ?} matches one character other than {@code /}; {@code *} matches any
 * run of characters within one {@code /}-separated segment; {@code **} matches any run of
 * characters across segments, and {@code **}{@code /} standing as a whole segment also matches no
 * segment at all ({@code a/**}{@code /b} matches {@code a/b}). Everything else matches itself.
 *
 * <p>Matching simulates the pattern over the set of reachable input positions, so it costs at most
 * pattern length × path length steps whatever the input: no backtracking blow-up on hostile paths.
 */
final class PathGlob {

  private enum Kind {
    LITERAL, // one given character
    ONE, // ?
    SEGMENT_RUN, // *
    ANY_RUN, // **
    SEGMENTS // **/ as a whole segment: nothing, or anything ending in '/'
  }

  private final String glob;
  private final Kind[] kinds;
  private final char[] literals;

  private PathGlob(String glob, List<Kind> kinds, List<Character> literals) {
    this.glob = glob;
    this.kinds = kinds.toArray(new Kind[0]);
    this.literals = new char[literals.size()];
    for (int i = 0; i < this.literals.length; i++) {
      this.literals[i] = literals.get(i);
    }
  }

  static PathGlob compile(String glob) {
    Objects.requireNonNull(glob, "glob");
    List<Kind> kinds = new ArrayList<>();
    List<Character> literals = new ArrayList<>();
    int i = 0;
    while (i < glob.length()) {
      char c = glob.charAt(i);
      if (c == '?') {
        add(kinds, literals, Kind.ONE, c);
        i++;
      } else if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
        boolean segmentStart = i == 0 || glob.charAt(i - 1) == '/';
        boolean slashFollows = i + 2 < glob.length() && glob.charAt(i + 2) == '/';
        if (segmentStart && slashFollows) {
          add(kinds, literals, Kind.SEGMENTS, c);
          i += 3;
        } else {
          add(kinds, literals, Kind.ANY_RUN, c);
          i += 2;
        }
      } else if (c == '*') {
        add(kinds, literals, Kind.SEGMENT_RUN, c);
        i++;
      } else {
        add(kinds, literals, Kind.LITERAL, c);
        i++;
      }
    }
    return new PathGlob(glob, kinds, literals);
  }

  private static void add(List<Kind> kinds, List<Character> literals, Kind kind, char c) {
    kinds.add(kind);
    literals.add(c);
  }

  boolean matches(String path) {
    if (path == null) {
      return false;
    }
    int n = path.length();
    // reach[j]: the pattern read so far can end exactly before path position j.
    boolean[] reach = new boolean[n + 1];
    boolean[] next = new boolean[n + 1];
    reach[0] = true;
    for (int t = 0; t < kinds.length; t++) {
      Arrays.fill(next, false);
      boolean any = false;
      switch (kinds[t]) {
        case LITERAL -> {
          char c = literals[t];
          for (int j = 0; j < n; j++) {
            if (reach[j] && path.charAt(j) == c) {
              next[j + 1] = true;
              any = true;
            }
          }
        }
        case ONE -> {
          for (int j = 0; j < n; j++) {
            if (reach[j] && path.charAt(j) != '/') {
              next[j + 1] = true;
              any = true;
            }
          }
        }
        case SEGMENT_RUN -> {
          for (int j = 0; j <= n; j++) {
            next[j] = reach[j] || (j > 0 && next[j - 1] && path.charAt(j - 1) != '/');
            any |= next[j];
          }
        }
        case ANY_RUN -> {
          for (int j = 0; j <= n; j++) {
            next[j] = reach[j] || (j > 0 && next[j - 1]);
            any |= next[j];
          }
        }
        case SEGMENTS -> {
          boolean reachedBefore = false;
          for (int j = 0; j <= n; j++) {
            next[j] = reach[j] || (reachedBefore && path.charAt(j - 1) == '/');
            reachedBefore |= reach[j];
            any |= next[j];
          }
        }
      }
      if (!any) {
        return false;
      }
      boolean[] swap = reach;
      reach = next;
      next = swap;
    }
    return reach[n];
  }

  @Override
  public String toString() {
    return glob;
  }
}
