package dev.metacircular.rest.client;

import dev.metacircular.ports.identity.TokenValidation;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Recent validation answers, keyed by the SHA-256 of the token (the token itself is never kept),
 * bounded by count (least recently used dropped first). An answer is reused for at most the TTL,
 * and a valid one never past the token's own expiry. Invalid answers are kept for the TTL too: a
 * token the identity service refused never becomes valid again.
 */
final class ValidationCache {

  private record Entry(TokenValidation validation, Instant until) {}

  private final Duration ttl;
  private final Map<String, Entry> entries;

  ValidationCache(Duration ttl, int maxEntries) {
    this.ttl = ttl;
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > maxEntries;
          }
        };
  }

  static String keyOf(String token) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  /** The answer still fresh at {@code now}, or null. */
  synchronized TokenValidation get(String key, Instant now) {
    Entry entry = entries.get(key);
    if (entry == null) {
      return null;
    }
    if (!now.isBefore(entry.until())) {
      entries.remove(key);
      return null;
    }
    return entry.validation();
  }

  synchronized void put(String key, TokenValidation validation, Instant now) {
    Instant until = now.plus(ttl);
    if (validation instanceof TokenValidation.Valid valid
        && valid.claims().expiresAt().isBefore(until)) {
      until = valid.claims().expiresAt();
    }
    if (now.isBefore(until)) {
      entries.put(key, new Entry(validation, until));
    }
  }

  synchronized void evict(String key) {
    entries.remove(key);
  }

  synchronized int size() {
    return entries.size();
  }
}
