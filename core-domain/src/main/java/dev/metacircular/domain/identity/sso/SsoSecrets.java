package dev.metacircular.domain.identity.sso;

import dev.metacircular.crypto.SecureRandoms;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Client secrets and authorization codes: 256 random bits in base64url, stored only as SHA-256. A
 * fast hash suffices because the values are random, not chosen by people: there is nothing to guess
 * that a slow hash would protect.
 */
final class SsoSecrets {

  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

  private SsoSecrets() {}

  /** 32 random bytes, base64url without padding (43 characters). */
  static char[] newSecret() {
    byte[] raw = SecureRandoms.bytes(32);
    try {
      byte[] encoded = B64URL.encode(raw);
      char[] chars = new char[encoded.length];
      for (int i = 0; i < encoded.length; i++) {
        chars[i] = (char) encoded[i];
      }
      Arrays.fill(encoded, (byte) 0);
      return chars;
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  static byte[] sha256(char[] secret) {
    ByteBuffer buffer = StandardCharsets.UTF_8.encode(CharBuffer.wrap(secret));
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    if (buffer.hasArray()) {
      Arrays.fill(buffer.array(), (byte) 0);
    }
    try {
      return sha256(bytes);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /** The stored name of an authorization code: hex SHA-256 of its ASCII form. */
  static String codeHash(String code) {
    return HexFormat.of().formatHex(sha256(code.getBytes(StandardCharsets.US_ASCII)));
  }

  /** RFC 7636 S256: base64url(SHA-256(ASCII(verifier))). */
  static String s256(String verifier) {
    return B64URL.encodeToString(sha256(verifier.getBytes(StandardCharsets.US_ASCII)));
  }
}
