package dev.metacircular.crypto;

import java.security.SecureRandom;

/** The one {@link SecureRandom} the process uses (thread safe; seeded by the platform). */
public final class SecureRandoms {

  private static final SecureRandom INSTANCE = new SecureRandom();

  private SecureRandoms() {}

  public static SecureRandom instance() {
    return INSTANCE;
  }

  /** {@code n} fresh random bytes. */
  public static byte[] bytes(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("length must not be negative: " + n);
    }
    byte[] b = new byte[n];
    INSTANCE.nextBytes(b);
    return b;
  }
}
