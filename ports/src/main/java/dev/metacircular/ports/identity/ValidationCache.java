package dev.metacircular.ports.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What was recently learned about tokens, so a token presented again skips the expensive part of
 * validating it: the identity core keeps the claims of tokens whose signature it verified, a
 * relying service (the crypto service's identity provider) the identity service's validation
 * answers. Keyed by the SHA-256 of the token (the token itself is never kept; {@link #keyOf}),
 * bounded by count (least recently used dropped first), and each entry only until the instant its
 * writer gives (its token's expiry, or a TTL), never later.
 *
 * <p>It lives in the contracts module, with the JDK only, because the core and the REST adapter
 * both use it and neither may depend on the other.
 *
 * @param <V> what is cached about a token
 */
public final class ValidationCache<V> {

  private record Entry<V>(V value, Instant until) {}

  private final int maxEntries;
  private final Map<String, Entry<V>> entries;

  /** A cache of at most {@code maxEntries} entries; 0 keeps nothing. */
  public ValidationCache(int maxEntries) {
    if (maxEntries < 0) {
      throw new IllegalArgumentException("maxEntries must not be negative");
    }
    this.maxEntries = maxEntries;
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Entry<V>> eldest) {
            return size() > ValidationCache.this.maxEntries;
          }
        };
  }

  /** The key of {@code token}: the hex SHA-256 of its UTF-8 bytes. */
  public static String keyOf(String token) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  /** The value still fresh at {@code now}, or null (an entry past its time is dropped). */
  public synchronized V get(String key, Instant now) {
    Entry<V> entry = entries.get(key);
    if (entry == null) {
      return null;
    }
    if (!now.isBefore(entry.until())) {
      entries.remove(key);
      return null;
    }
    return entry.value();
  }

  /**
   * Keeps {@code value} until {@code until}; nothing is kept when that is not after {@code now}.
   */
  public synchronized void put(String key, V value, Instant now, Instant until) {
    Objects.requireNonNull(value, "value");
    if (maxEntries > 0 && now.isBefore(until)) {
      entries.put(key, new Entry<>(value, until));
    }
  }

  /** Forgets what is known about the key's token (a logout through this process). */
  public synchronized void evict(String key) {
    entries.remove(key);
  }

  /** How many entries are held (fresh or not yet found stale). */
  public synchronized int size() {
    return entries.size();
  }
}
