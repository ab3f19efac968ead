package dev.metacircular.domain.engine.transit;

import dev.metacircular.ports.error.DomainException;
import java.util.Base64;

/**
 * The text form of every versioned transit output — ciphertexts, signatures and HMACs:
 * {@code metacrypt:v<N>:<base64>}, where {@code N} is the key version (decimal, from 1, no leading
 * zero) and the base64 part (standard alphabet, padded) is the bare primitive output. Parsing is
 * strict: anything else is {@code InvalidInput("<field> is malformed")}.
 */
record VersionedValue(int version, byte[] bytes) {

  static final String PREFIX = "metacrypt:v";

  private static final Base64.Decoder DECODER = Base64.getDecoder();
  private static final Base64.Encoder ENCODER = Base64.getEncoder();

  /** {@code metacrypt:v<version>:}. */
  static String prefix(int version) {
    return PREFIX + version + ":";
  }

  /** {@code prefix} (from {@link #prefix}) followed by the base64 of {@code bytes}. */
  static String format(String prefix, byte[] bytes) {
    return prefix.concat(ENCODER.encodeToString(bytes));
  }

  /** Parses {@code text}; {@code field} names it in the refusal. */
  static VersionedValue parse(String field, String text) {
    if (!text.startsWith(PREFIX)) {
      throw malformed(field);
    }
    int start = PREFIX.length();
    int colon = text.indexOf(':', start);
    // 1 to 10 digits, no leading zero, and the value must fit an int.
    if (colon <= start || colon - start > 10 || text.charAt(start) == '0') {
      throw malformed(field);
    }
    long version = 0;
    for (int i = start; i < colon; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        throw malformed(field);
      }
      version = version * 10 + (c - '0');
    }
    if (version > Integer.MAX_VALUE || colon + 1 == text.length()) {
      throw malformed(field);
    }
    byte[] bytes;
    try {
      bytes = DECODER.decode(text.substring(colon + 1));
    } catch (IllegalArgumentException e) {
      throw malformed(field);
    }
    return new VersionedValue((int) version, bytes);
  }

  private static DomainException.InvalidInput malformed(String field) {
    return new DomainException.InvalidInput(field + " is malformed");
  }
}
