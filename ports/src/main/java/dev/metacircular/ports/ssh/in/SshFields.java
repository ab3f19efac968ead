package dev.metacircular.ports.ssh.in;

import dev.metacircular.ports.error.DomainException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The checks the SSH CA's request records share, each refusal naming the JSON field. */
final class SshFields {
  private SshFields() {}

  /** Profile names: 1-64 characters of {@code a-z A-Z 0-9 . _ -}, not {@code .} or {@code ..}. */
  static String name(String field, String value) {
    required(field, value);
    boolean valid = !value.isEmpty() && value.length() <= 64 && !value.matches("\\.{1,2}");
    for (int i = 0; valid && i < value.length(); i++) {
      char c = value.charAt(i);
      valid = Character.isLetterOrDigit(c) && c < 128 || c == '.' || c == '_' || c == '-';
    }
    if (!valid) {
      throw new DomainException.InvalidInput(
          field + " must be 1-64 characters of A-Z, a-z, 0-9, '.', '_' and '-'");
    }
    return value;
  }

  static <T> T required(String field, T value) {
    if (value == null) {
      throw new DomainException.InvalidInput(field + " is required");
    }
    return value;
  }

  /** Printable text without control characters, at most {@code max} characters. */
  static String text(String field, String value, int max) {
    if (value == null) {
      return null;
    }
    if (value.isEmpty()
        || value.length() > max
        || !value.codePoints().allMatch(c -> c >= 0x20 && c != 0x7f)) {
      throw new DomainException.InvalidInput(field + " must be 1-" + max + " printable characters");
    }
    return value;
  }

  static List<String> texts(String field, List<String> values, int maxItems, int maxLength) {
    if (values == null) {
      return null;
    }
    if (values.size() > maxItems) {
      throw new DomainException.InvalidInput(field + " holds at most " + maxItems + " entries");
    }
    List<String> out = new ArrayList<>(values.size());
    for (String v : values) {
      if (v == null) {
        throw new DomainException.InvalidInput(field + " must hold strings");
      }
      out.add(text(field, v, maxLength));
    }
    return List.copyOf(out);
  }

  static Map<String, String> options(String field, Map<String, String> values) {
    if (values == null) {
      return Map.of();
    }
    if (values.size() > 32) {
      throw new DomainException.InvalidInput(field + " holds at most 32 entries");
    }
    Map<String, String> out = new TreeMap<>();
    for (Map.Entry<String, String> e : values.entrySet()) {
      text(field, e.getKey(), 128);
      String v = e.getValue() == null ? "" : e.getValue();
      if (!v.isEmpty()) {
        text(field + "." + e.getKey(), v, 1024);
      }
      out.put(e.getKey(), v);
    }
    return java.util.Collections.unmodifiableMap(out);
  }
}
