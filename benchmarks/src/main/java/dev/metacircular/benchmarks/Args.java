package dev.metacircular.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command line of the benchmark mains: {@code --name value} or {@code --name=value} flags,
 * {@code --name} alone for a boolean, and positional words. A flag the main does not know is an
 * error, so a typo never silently runs the defaults.
 */
final class Args {
  private final Map<String, String> flags;
  private final List<String> positional;

  private Args(Map<String, String> flags, List<String> positional) {
    this.flags = flags;
    this.positional = positional;
  }

  /**
   * @param valued flags that take a value
   * @param booleans flags that take none
   */
  static Args parse(String[] argv, Set<String> valued, Set<String> booleans) {
    Map<String, String> flags = new LinkedHashMap<>();
    List<String> positional = new ArrayList<>();
    for (int i = 0; i < argv.length; i++) {
      String arg = argv[i];
      if (!arg.startsWith("--")) {
        positional.add(arg);
        continue;
      }
      String name = arg.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (booleans.contains(name)) {
        flags.put(name, value == null ? "true" : value);
      } else if (valued.contains(name)) {
        if (value == null) {
          if (i + 1 >= argv.length) {
            throw new IllegalArgumentException("--" + name + " needs a value");
          }
          value = argv[++i];
        }
        flags.put(name, value);
      } else {
        throw new IllegalArgumentException("unknown option --" + name);
      }
    }
    return new Args(flags, List.copyOf(positional));
  }

  List<String> positional() {
    return positional;
  }

  boolean has(String name) {
    return flags.containsKey(name);
  }

  boolean flag(String name) {
    return Boolean.parseBoolean(flags.getOrDefault(name, "false"));
  }

  String string(String name, String fallback) {
    return flags.getOrDefault(name, fallback);
  }

  int integer(String name, int fallback) {
    String v = flags.get(name);
    if (v == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be an integer, got " + v);
    }
  }

  /** A duration as {@code 10s}, {@code 500ms}, {@code 2m}, or plain seconds. */
  Duration duration(String name, Duration fallback) {
    String v = flags.get(name);
    return v == null ? fallback : parseDuration(name, v);
  }

  static Duration parseDuration(String name, String raw) {
    String v = raw.trim().toLowerCase(java.util.Locale.ROOT);
    try {
      if (v.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      }
      if (v.endsWith("s")) {
        return Duration.ofMillis(
            Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
      }
      if (v.endsWith("m")) {
        return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)) * 60);
      }
      return Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--" + name + " must be a duration like 10s or 500ms, got " + raw);
    }
  }
}
