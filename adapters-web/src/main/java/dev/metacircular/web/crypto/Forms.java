package dev.metacircular.web.crypto;

import dev.metacircular.ports.error.DomainException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/** How the crypto pages read the free-text fields of their forms into the records' values. */
final class Forms {
  private Forms() {}

  /** A comma- or space-separated field as its items (empty when the field is). */
  static List<String> list(String text) {
    return Arrays.stream(text.split("[,\\s]+")).filter(s -> !s.isEmpty()).toList();
  }

  /** An optional field: null when left empty (the operation's default), else parsed. */
  static <T> T optional(String text, Function<String, T> parse) {
    String value = text.strip();
    return value.isEmpty() ? null : parse.apply(value);
  }

  /** A whole number, or a 400 naming the field. */
  static int integer(String field, String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new DomainException.InvalidInput(field + " must be a whole number");
    }
  }

  /**
   * A secret form field's characters as UTF-8 bytes for the operation; the encoder's buffer is
   * wiped, the caller wipes both the characters and the answer.
   */
  static byte[] utf8(char[] text) {
    ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(text));
    byte[] out = new byte[encoded.remaining()];
    encoded.get(out);
    if (encoded.hasArray()) {
      Arrays.fill(encoded.array(), (byte) 0);
    }
    return out;
  }
}
