package dev.metacircular.domain.acme;

import dev.metacircular.crypto.SecureRandoms;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ACME server's nonces (RFC 8555 §6.5): 128 random bits each, usable once, for at most {@link
 * #LIFETIME}; at most {@code capacity} outstanding (the oldest are dropped first). In memory only:
 * a restart invalidates them, and clients retry on {@code badNonce} with the fresh nonce every
 * answer carries. One lock makes "use" atomic: of many requests with the same nonce exactly one
 * passes.
 */
final class AcmeNonces {

  static final Duration LIFETIME = Duration.ofMinutes(30);

  private final Clock clock;
  private final int capacity;
  private final Map<String, Instant> issued = new LinkedHashMap<>();

  AcmeNonces(Clock clock, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.clock = clock;
    this.capacity = capacity;
  }

  String next() {
    String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(SecureRandoms.bytes(16));
    Instant expires = clock.instant().plus(LIFETIME);
    synchronized (issued) {
      issued.put(nonce, expires);
      Iterator<Map.Entry<String, Instant>> oldest = issued.entrySet().iterator();
      while (issued.size() > capacity && oldest.hasNext()) {
        oldest.next();
        oldest.remove();
      }
    }
    return nonce;
  }

  /** True once for a nonce given by {@link #next} and not yet expired; false ever after. */
  boolean use(String nonce) {
    if (nonce == null) {
      return false;
    }
    Instant expires;
    synchronized (issued) {
      expires = issued.remove(nonce);
    }
    return expires != null && clock.instant().isBefore(expires);
  }

  int outstanding() {
    synchronized (issued) {
      return issued.size();
    }
  }
}
