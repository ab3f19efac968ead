package dev.metacircular.rest;

import dev.metacircular.ports.error.DomainException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * An {@code application/x-www-form-urlencoded} body, decoded by hand so that a secret field can be
 * taken as {@code char[]} without ever becoming a {@code String}. A parameter given twice is
 * refused (RFC 6749 §3.2). {@link #wipe} overwrites every decoded value.
 */
final class FormBody implements AutoCloseable {

  private final Map<String, byte[]> values;

  private FormBody(Map<String, byte[]> values) {
    this.values = values;
  }

  static FormBody parse(byte[] raw) {
    Map<String, byte[]> values = new HashMap<>();
    int start = 0;
    try {
      while (start <= raw.length) {
        int end = indexOf(raw, (byte) '&', start);
        if (end > start) {
          int eq = indexOf(raw, (byte) '=', start);
          int nameEnd = eq >= 0 && eq < end ? eq : end;
          String name = new String(percentDecode(raw, start, nameEnd), StandardCharsets.UTF_8);
          byte[] value = nameEnd < end ? percentDecode(raw, nameEnd + 1, end) : new byte[0];
          if (values.putIfAbsent(name, value) != null) {
            Arrays.fill(value, (byte) 0);
            throw new DomainException.InvalidInput("parameter " + safeName(name) + " repeated");
          }
        }
        start = end + 1;
      }
    } catch (RuntimeException e) {
      values.values().forEach(v -> Arrays.fill(v, (byte) 0));
      throw e;
    }
    return new FormBody(values);
  }

  private static String safeName(String name) {
    return name.matches("[a-z_]{1,32}") ? name : "(a parameter)";
  }

  private static int indexOf(byte[] raw, byte b, int from) {
    for (int i = from; i < raw.length; i++) {
      if (raw[i] == b) {
        return i;
      }
    }
    return raw.length;
  }

  private static byte[] percentDecode(byte[] raw, int from, int to) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
    for (int i = from; i < to; i++) {
      byte b = raw[i];
      if (b == '+') {
        out.write(' ');
      } else if (b == '%') {
        if (i + 2 >= to) {
          throw new DomainException.InvalidInput("malformed form body");
        }
        int hi = Character.digit(raw[i + 1], 16);
        int lo = Character.digit(raw[i + 2], 16);
        if (hi < 0 || lo < 0) {
          throw new DomainException.InvalidInput("malformed form body");
        }
        out.write((hi << 4) | lo);
        i += 2;
      } else {
        out.write(b);
      }
    }
    return out.toByteArray();
  }

  /** The parameter as text, or null when absent. */
  String text(String name) {
    byte[] v = values.get(name);
    if (v == null) {
      return null;
    }
    char[] chars = JsonBodies.utf8(v);
    String s = new String(chars);
    Arrays.fill(chars, '\0');
    return s;
  }

  /** The parameter as characters for a secret, or null when absent; the caller wipes it. */
  char[] secret(String name) {
    byte[] v = values.get(name);
    return v == null ? null : JsonBodies.utf8(v);
  }

  void wipe() {
    values.values().forEach(v -> Arrays.fill(v, (byte) 0));
  }

  @Override
  public void close() {
    wipe();
  }
}
