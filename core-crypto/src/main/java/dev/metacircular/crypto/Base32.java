package dev.metacircular.crypto;

/**
 * RFC 4648 base32 for TOTP secrets, on {@code char[]} so a secret never becomes a String. Encoding
 * is upper case without padding; decoding ignores case and accepts (but does not need) trailing
 * {@code =} padding.
 */
public final class Base32 {

  private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

  private Base32() {}

  public static char[] encode(byte[] data) {
    if (data == null) {
      throw new IllegalArgumentException("base32 input must not be null");
    }
    char[] out = new char[(data.length * 8 + 4) / 5];
    int buffer = 0;
    int bits = 0;
    int pos = 0;
    for (byte b : data) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        out[pos++] = ALPHABET[(buffer >>> (bits - 5)) & 0x1f];
        bits -= 5;
      }
    }
    if (bits > 0) {
      out[pos++] = ALPHABET[(buffer << (5 - bits)) & 0x1f];
    }
    return out;
  }

  /**
   * @throws IllegalArgumentException for characters outside the alphabet or an impossible length
   */
  public static byte[] decode(char[] text) {
    if (text == null) {
      throw new IllegalArgumentException("base32 input must not be null");
    }
    int n = text.length;
    while (n > 0 && text[n - 1] == '=') {
      n--;
    }
    if (n < text.length && text.length % 8 != 0) {
      throw new IllegalArgumentException("invalid base32: bad padding");
    }
    int rem = n % 8;
    if (rem == 1 || rem == 3 || rem == 6) {
      throw new IllegalArgumentException("invalid base32: impossible length");
    }
    byte[] out = new byte[n * 5 / 8];
    int buffer = 0;
    int bits = 0;
    int pos = 0;
    for (int i = 0; i < n; i++) {
      int v = valueOf(text[i]);
      if (v < 0) {
        throw new IllegalArgumentException("invalid base32: unexpected character at index " + i);
      }
      buffer = (buffer << 5) | v;
      bits += 5;
      if (bits >= 8) {
        out[pos++] = (byte) (buffer >>> (bits - 8));
        bits -= 8;
      }
    }
    return out;
  }

  static int valueOf(char c) {
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a';
    }
    if (c >= '2' && c <= '7') {
      return c - '2' + 26;
    }
    return -1;
  }
}
