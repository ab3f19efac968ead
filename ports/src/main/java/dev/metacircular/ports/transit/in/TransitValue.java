package dev.metacircular.ports.transit.in;

import dev.metacircular.ports.engine.spi.CanonicalBase64;
import dev.metacircular.ports.engine.spi.TextValue;
import dev.metacircular.ports.error.DomainException;
import java.util.Arrays;
import java.util.Base64;

/**
 * A versioned transit output — a ciphertext, signature or HMAC: the key version that made it and
 * the bare primitive output (for encryption: the key type's nonce, ciphertext and tag). Its text
 * form, the one the JSON API carries, is {@code metacrypt:v<N>:<base64>}: {@code N} decimal from 1
 * without a leading zero, the base64 standard, padded and canonical (zero padding bits: one value,
 * one text). Binary doors (gRPC, embedding) carry the two parts as they are and skip the base64.
 * Parsing is strict: anything else is {@code InvalidInput("<field> is malformed")}.
 */
public record TransitValue(int version, byte[] bytes) implements TextValue {

  /** The text form's fixed start. */
  public static final String PREFIX = "metacrypt:v";

  private static final Base64.Encoder ENCODER = Base64.getEncoder();

  public TransitValue {
    if (version < 1) {
      throw new DomainException.InvalidInput("key version must be at least 1");
    }
    if (bytes == null) {
      throw new DomainException.InvalidInput("value is empty");
    }
  }

  /** {@code metacrypt:v<N>:<base64>}. */
  @Override
  public String text() {
    return format(prefix(version), bytes);
  }

  /** {@code metacrypt:v<version>:} (a key version keeps its own, so the hot path builds none). */
  public static String prefix(int version) {
    return PREFIX + version + ":";
  }

  /** {@code prefix} (from {@link #prefix}) followed by the base64 of {@code bytes}. */
  public static String format(String prefix, byte[] bytes) {
    return prefix.concat(ENCODER.encodeToString(bytes));
  }

  /** Parses {@code text}; {@code field} names it in the refusal. */
  public static TransitValue parse(String field, String text) {
    if (text == null || !text.startsWith(PREFIX)) {
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
      bytes = CanonicalBase64.decode(text.substring(colon + 1));
    } catch (IllegalArgumentException e) {
      throw malformed(field);
    }
    return new TransitValue((int) version, bytes);
  }

  private static DomainException.InvalidInput malformed(String field) {
    return new DomainException.InvalidInput(field + " is malformed");
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TransitValue that
        && version == that.version
        && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return 31 * version + Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "TransitValue[v" + version + ", " + bytes.length + " bytes]";
  }
}
