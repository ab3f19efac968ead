package dev.metacircular.crypto;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * TOTP (RFC 6238) as authenticator apps use it: HMAC-SHA1, 30-second steps, 6 digits.
 *
 * <p>{@link #verify} returns the matched time step so the caller can refuse a second use of the
 * same step (replay protection lives in the domain, not here).
 */
public final class Totp {

  public static final int PERIOD_SECONDS = 30;
  public static final int DIGITS = 6;

  /** Upper bound on the accepted skew, so a misconfiguration cannot widen the window absurdly. */
  public static final int MAX_SKEW_STEPS = 10;

  private static final int[] POWERS = {
    1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000
  };

  private Totp() {}

  /** The time step containing {@code t}: floor(epochSeconds / 30). */
  public static long step(Instant t) {
    return Math.floorDiv(t.getEpochSecond(), PERIOD_SECONDS);
  }

  /** The 6-digit code (zero padded) for {@code step}. */
  public static String code(byte[] secret, long step) {
    return format(hotp(secret, step, DIGITS), DIGITS);
  }

  /**
   * The step in [step(now) - skew, step(now) + skew] whose code equals {@code code}, or empty.
   * Every candidate is computed and compared in constant time (no early exit); if two steps happen
   * to share a code, the earliest is returned. A code that is not exactly 6 ASCII digits is empty
   * at once.
   */
  public static OptionalLong verify(byte[] secret, String code, Instant now, int skewSteps) {
    if (skewSteps < 0 || skewSteps > MAX_SKEW_STEPS) {
      throw new IllegalArgumentException("skewSteps must be between 0 and " + MAX_SKEW_STEPS);
    }
    if (code == null || code.length() != DIGITS) {
      return OptionalLong.empty();
    }
    byte[] given = new byte[DIGITS];
    for (int i = 0; i < DIGITS; i++) {
      char c = code.charAt(i);
      if (c < '0' || c > '9') {
        return OptionalLong.empty();
      }
      given[i] = (byte) c;
    }
    long current = step(now);
    long match = Long.MIN_VALUE;
    boolean found = false;
    for (long s = current - skewSteps; s <= current + skewSteps; s++) {
      byte[] expected = format(hotp(secret, s, DIGITS), DIGITS).getBytes(StandardCharsets.US_ASCII);
      boolean equal = MessageDigest.isEqual(expected, given);
      // branch-free selection of the first match
      boolean take = equal & !found;
      match = take ? s : match;
      found |= equal;
    }
    return found ? OptionalLong.of(match) : OptionalLong.empty();
  }

  /**
   * The {@code otpauth://} URI an authenticator app scans. Returned as {@code char[]} because it
   * contains the secret; wipe it after rendering.
   */
  public static char[] otpauthUri(String issuer, String accountName, char[] secretBase32) {
    if (issuer == null || issuer.isEmpty() || accountName == null || accountName.isEmpty()) {
      throw new IllegalArgumentException("issuer and account name must not be empty");
    }
    if (secretBase32 == null || secretBase32.length == 0) {
      throw new IllegalArgumentException("totp secret must not be empty");
    }
    for (char c : secretBase32) {
      if (Base32.valueOf(c) < 0) {
        throw new IllegalArgumentException("totp secret must be unpadded base32");
      }
    }
    String encodedIssuer = urlEncode(issuer);
    String prefix = "otpauth://totp/" + encodedIssuer + ":" + urlEncode(accountName) + "?secret=";
    String suffix =
        "&issuer="
            + encodedIssuer
            + "&algorithm=SHA1&digits="
            + DIGITS
            + "&period="
            + PERIOD_SECONDS;
    char[] out = new char[prefix.length() + secretBase32.length + suffix.length()];
    prefix.getChars(0, prefix.length(), out, 0);
    for (int i = 0; i < secretBase32.length; i++) {
      out[prefix.length() + i] = Character.toUpperCase(secretBase32[i]);
    }
    suffix.getChars(0, suffix.length(), out, prefix.length() + secretBase32.length);
    return out;
  }

  /** RFC 4226 HOTP value with {@code digits} digits (6 for TOTP; 8 for the RFC 6238 vectors). */
  static int hotp(byte[] secret, long counter, int digits) {
    if (secret == null || secret.length == 0) {
      throw new IllegalArgumentException("totp secret must not be empty");
    }
    if (digits < 1 || digits > 8) {
      throw new IllegalArgumentException("digits must be between 1 and 8");
    }
    byte[] message = new byte[8];
    for (int i = 7; i >= 0; i--) {
      message[i] = (byte) counter;
      counter >>>= 8;
    }
    byte[] hash;
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(secret, "HmacSHA1"));
      hash = mac.doFinal(message);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 unavailable", e);
    }
    int offset = hash[hash.length - 1] & 0x0f;
    int binary =
        ((hash[offset] & 0x7f) << 24)
            | ((hash[offset + 1] & 0xff) << 16)
            | ((hash[offset + 2] & 0xff) << 8)
            | (hash[offset + 3] & 0xff);
    return binary % POWERS[digits];
  }

  private static String format(int value, int digits) {
    String s = Integer.toString(value);
    return "0".repeat(digits - s.length()) + s;
  }

  private static String urlEncode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
