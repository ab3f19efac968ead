package dev.metacircular.apps.dev;

import dev.metacircular.crypto.SecureRandoms;
import java.util.Arrays;

/** Generated passwords: 24 base32 characters (120 random bits), built as char[] only. */
final class DevPasswords {
  static final int LENGTH = 24;
  private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

  private DevPasswords() {}

  static char[] generate() {
    byte[] random = SecureRandoms.bytes(LENGTH * 5 / 8);
    char[] out = new char[LENGTH];
    try {
      int bits = 0;
      int buffer = 0;
      int n = 0;
      for (byte b : random) {
        buffer = (buffer << 8) | (b & 0xff);
        bits += 8;
        while (bits >= 5) {
          out[n++] = BASE32[(buffer >>> (bits - 5)) & 31];
          bits -= 5;
        }
      }
      return out;
    } finally {
      Arrays.fill(random, (byte) 0);
    }
  }
}
