package dev.metacircular.domain.identity.passkey;

import dev.metacircular.crypto.SecureRandoms;
import dev.metacircular.ports.error.DomainException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Challenges between the two halves of a WebAuthn ceremony, in memory: a challenge only has to
 * outlive one browser round trip, and a restart merely asks the person to try again. Each is taken
 * at most once. Bounded, so unauthenticated sign-in starts cannot exhaust memory.
 */
final class PendingCeremonies<T> {

  static final Duration TTL = Duration.ofMinutes(5);

  private record Entry<T>(T value, Instant expiresAt) {}

  private final Map<String, Entry<T>> entries = new LinkedHashMap<>();
  private final int maxEntries;
  private final Clock clock;

  PendingCeremonies(int maxEntries, Clock clock) {
    this.maxEntries = maxEntries;
    this.clock = clock;
  }

  /** Remembers {@code value}; returns its id and expiry. */
  synchronized Map.Entry<String, Instant> put(T value) {
    Instant now = clock.instant();
    dropExpired(now);
    if (entries.size() >= maxEntries) {
      throw new DomainException.Unavailable("too many passkey ceremonies in progress");
    }
    String id = Base64.getUrlEncoder().withoutPadding().encodeToString(SecureRandoms.bytes(24));
    Instant expires = now.plus(TTL);
    entries.put(id, new Entry<>(value, expires));
    return Map.entry(id, expires);
  }

  /** The value, removed; empty when unknown, taken already, or expired. */
  synchronized Optional<T> take(String id) {
    if (id == null) {
      return Optional.empty();
    }
    Entry<T> e = entries.remove(id);
    if (e == null || !clock.instant().isBefore(e.expiresAt())) {
      return Optional.empty();
    }
    return Optional.of(e.value());
  }

  private void dropExpired(Instant now) {
    Iterator<Entry<T>> it = entries.values().iterator();
    while (it.hasNext()) {
      if (!now.isBefore(it.next().expiresAt())) {
        it.remove();
      }
    }
  }
}
