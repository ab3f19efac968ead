package dev.metacircular.domain.identity.token;

import dev.metacircular.ports.identity.TokenClaims;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Claims of tokens whose signature, issuer and claim structure were already checked, so a token
 * presented again skips the Ed25519 verification. Keyed by SHA-256 of the token (the token itself
 * is never kept), bounded (least recently used out first), and an entry is dropped once its token
 * has expired. Expiry, revocation and account status are NOT cached: the validator checks them on
 * every call, so a revocation takes effect on the very next validation.
 */
final class VerificationCache {

  /** What a verified token said. */
  record Entry(TokenClaims claims, String audience) {}

  private final int maxEntries;
  private final Map<String, Entry> entries;

  VerificationCache(int maxEntries) {
    this.maxEntries = maxEntries;
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > VerificationCache.this.maxEntries;
          }
        };
  }

  static String keyOf(String token) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  /** The entry for this key, or null when there is none or its token has expired. */
  synchronized Entry get(String key, Instant now) {
    Entry e = entries.get(key);
    if (e != null && !now.isBefore(e.claims().expiresAt())) {
      entries.remove(key);
      return null;
    }
    return e;
  }

  synchronized void put(String key, Entry entry) {
    if (maxEntries > 0) {
      entries.put(key, entry);
    }
  }

  synchronized int size() {
    return entries.size();
  }
}
