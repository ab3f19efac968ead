package dev.metacircular.ports.engine.spi;

import dev.metacircular.ports.error.DomainException;
import java.util.Base64;

/**
 * Standard base64 (RFC 4648 §4) in its one canonical form: padded to a multiple of four characters,
 * no line breaks or other characters outside the alphabet, and the unused low bits of the last
 * character zero (RFC 4648 §3.5). The JDK's decoder also takes unpadded input and non-zero pad
 * bits, which gives one byte string several text forms: a ciphertext could then be told apart from
 * "itself", and a cache or a deduplication keyed by the text could be fooled.
 */
public final class CanonicalBase64 {
  private static final Base64.Decoder DECODER = Base64.getDecoder();
  private static final Base64.Encoder ENCODER = Base64.getEncoder();

  private CanonicalBase64() {}

  /** Standard padded base64 of {@code bytes}: the one text form {@link #decode} accepts. */
  public static String encode(byte[] bytes) {
    return ENCODER.encodeToString(bytes);
  }

  /**
   * The bytes of request field {@code field}, or {@code InvalidInput("<field> must be canonical
   * padded base64")}: the refusal every door gives for a binary value in the wrong text form.
   */
  public static byte[] decodeField(String field, String text) {
    try {
      return decode(text);
    } catch (IllegalArgumentException e) {
      throw new DomainException.InvalidInput(field + " must be canonical padded base64");
    }
  }

  /** The bytes of {@code text}; {@code IllegalArgumentException} unless it is canonical. */
  public static byte[] decode(String text) {
    int length = text.length();
    if (length % 4 != 0) {
      throw new IllegalArgumentException("base64 must be padded to a multiple of 4 characters");
    }
    // The JDK refuses characters outside the alphabet and padding anywhere but the end.
    byte[] bytes = DECODER.decode(text);
    if (length > 0) {
      if (text.charAt(length - 2) == '=') {
        // One byte in the last group: the second character's low 4 bits are padding.
        requireZeroBits(text.charAt(length - 3), 0x0f);
      } else if (text.charAt(length - 1) == '=') {
        // Two bytes in the last group: the third character's low 2 bits are padding.
        requireZeroBits(text.charAt(length - 2), 0x03);
      }
    }
    return bytes;
  }

  private static void requireZeroBits(char c, int mask) {
    if ((sextet(c) & mask) != 0) {
      throw new IllegalArgumentException("base64 has non-zero padding bits");
    }
  }

  private static int sextet(char c) {
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
      return c - '0' + 52;
    }
    return c == '+' ? 62 : 63;
  }
}
