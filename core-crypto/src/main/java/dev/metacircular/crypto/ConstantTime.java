package dev.metacircular.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Comparisons whose running time does not depend on where two secrets first differ.
 *
 * <p>Lengths are not secret: different lengths return {@code false} without inspecting content. A
 * {@code null} argument is never equal to anything (not even another {@code null}), so a missing
 * credential can never match a missing expectation.
 */
public final class ConstantTime {

  private ConstantTime() {}

  public static boolean equals(byte[] a, byte[] b) {
    if (a == null || b == null) {
      return false;
    }
    return MessageDigest.isEqual(a, b);
  }

  public static boolean equals(char[] a, char[] b) {
    if (a == null || b == null || a.length != b.length) {
      return false;
    }
    int diff = 0;
    for (int i = 0; i < a.length; i++) {
      diff |= a[i] ^ b[i];
    }
    return diff == 0;
  }

  public static boolean equals(String a, String b) {
    if (a == null || b == null) {
      return false;
    }
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
