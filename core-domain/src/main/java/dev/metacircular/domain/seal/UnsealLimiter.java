package dev.metacircular.domain.seal;

import dev.metacircular.ports.error.DomainException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The reference's unseal rate limit: after {@code max} failed attempts within {@code window}, every
 * attempt is refused for {@code lockout} ("too many attempts", 429), the right password included,
 * without any key derivation. Time comes from the clock, so tests never sleep.
 */
final class UnsealLimiter {

  private final Clock clock;
  private final int max;
  private final Duration window;
  private final Duration lockout;
  private final Deque<Instant> failures = new ArrayDeque<>();
  private Instant lockedUntil = Instant.MIN;

  UnsealLimiter(Clock clock, SealSettings settings) {
    this.clock = clock;
    this.max = settings.maxFailedUnseals();
    this.window = settings.failureWindow();
    this.lockout = settings.lockout();
  }

  /** Throws {@code TooManyRequests} while locked out. */
  synchronized void checkAllowed() {
    Instant now = clock.instant();
    if (now.isBefore(lockedUntil)) {
      throw new DomainException.TooManyRequests(
          "too many attempts", Duration.between(now, lockedUntil));
    }
  }

  synchronized void recordFailure() {
    Instant now = clock.instant();
    while (!failures.isEmpty() && !failures.peekFirst().isAfter(now.minus(window))) {
      failures.removeFirst();
    }
    failures.addLast(now);
    if (failures.size() >= max) {
      lockedUntil = now.plus(lockout);
      failures.clear();
    }
  }

  synchronized void recordSuccess() {
    failures.clear();
  }
}
