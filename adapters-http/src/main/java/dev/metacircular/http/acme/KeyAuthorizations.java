package dev.metacircular.http.acme;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** The SHA-256 of a key authorization, as DNS-01 and TLS-ALPN-01 carry it. */
final class KeyAuthorizations {
  private KeyAuthorizations() {}

  static byte[] sha256(String keyAuthorization) {
    try {
      return MessageDigest.getInstance("SHA-256")
          .digest(keyAuthorization.getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  /** base64url(SHA-256(key authorization)), DNS-01's TXT value. */
  static String digest(String keyAuthorization) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(keyAuthorization));
  }
}
