package dev.metacircular.domain.identity.recovery;

import dev.metacircular.crypto.SecureRandoms;
import java.util.Arrays;
import java.util.Optional;

/**
 * The written form of a recovery code: four groups of four characters from a 32-letter alphabet
 * without look-alikes ({@code i l o u}), e.g. {@code 7kq2-m9xd-4tpw-h3ra}: 80 random bits. The
 * first group is the code's public id, so a sign-in checks one hash, not ten.
 *
 * <p>Reading is forgiving about what people do when typing a code (upper case, spaces, missing or
 * extra hyphens) and strict about everything else.
 */
final class RecoveryCodeFormat {

  static final String ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
  static final int GROUPS = 4;
  static final int GROUP_LENGTH = 4;
  static final int LENGTH = GROUPS * GROUP_LENGTH;

  /** Longest input worth reading: the code with a separator between every character. */
  static final int MAX_INPUT = LENGTH * 3;

  /** A presented code in canonical form: its id and the characters that are hashed. */
  record Parsed(String codeId, char[] canonical) {
    void wipe() {
      Arrays.fill(canonical, '\0');
    }
  }

  private RecoveryCodeFormat() {}

  /** A fresh code in its written form (with hyphens). */
  static char[] generate() {
    byte[] random = SecureRandoms.bytes(LENGTH);
    try {
      char[] out = new char[LENGTH + GROUPS - 1];
      int j = 0;
      for (int i = 0; i < LENGTH; i++) {
        if (i > 0 && i % GROUP_LENGTH == 0) {
          out[j++] = '-';
        }
        // 256 is a multiple of 32, so the low five bits are uniform.
        out[j++] = ALPHABET.charAt(random[i] & 0x1f);
      }
      return out;
    } finally {
      Arrays.fill(random, (byte) 0);
    }
  }

  /** The canonical form of a presented code, or empty when it cannot be one. */
  static Optional<Parsed> parse(CharSequence presented) {
    if (presented == null || presented.length() > MAX_INPUT) {
      return Optional.empty();
    }
    char[] canonical = new char[LENGTH];
    int n = 0;
    for (int i = 0; i < presented.length(); i++) {
      char c = Character.toLowerCase(presented.charAt(i));
      if (c == '-' || c == ' ') {
        continue;
      }
      if (n == LENGTH || ALPHABET.indexOf(c) < 0) {
        Arrays.fill(canonical, '\0');
        return Optional.empty();
      }
      canonical[n++] = c;
    }
    if (n != LENGTH) {
      Arrays.fill(canonical, '\0');
      return Optional.empty();
    }
    return Optional.of(new Parsed(new String(canonical, 0, GROUP_LENGTH), canonical));
  }
}
