package dev.metacircular.domain.identity.account;

import dev.metacircular.ports.identity.out.StoredAccount;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Per-account lockout: {@code threshold} consecutive failures lock the account for
 * {@code duration}. While locked, login is refused without checking the password. When a lock
 * has run out the counter starts again from zero, so an attacker gets at most {@code threshold}
 * guesses per {@code duration} (NIST 800-63B caps the threshold at 100).
 */
public record Lockout(int threshold, Duration duration) {

  public Lockout {
    if (threshold < 1) {
      throw new IllegalArgumentException("lockout threshold must be at least 1");
    }
    Objects.requireNonNull(duration, "duration");
  }

  /** One more failure, as it should be stored. */
  public record Failure(StoredAccount account, boolean lockedNow) {}

  public boolean isLocked(StoredAccount a, Instant now) {
    return a.lockedUntil() != null && now.isBefore(a.lockedUntil());
  }

  /** How long the lock still lasts (zero when not locked). */
  public Duration remaining(StoredAccount a, Instant now) {
    return isLocked(a, now) ? Duration.between(now, a.lockedUntil()) : Duration.ZERO;
  }

  /** The account after one more failed attempt; locks it when the threshold is reached. */
  public Failure afterFailure(StoredAccount a, Instant now) {
    boolean lockRanOut = a.lockedUntil() != null && !now.isBefore(a.lockedUntil());
    int before = lockRanOut ? 0 : a.failedLogins();
    int failures = before == Integer.MAX_VALUE ? before : before + 1;
    if (failures >= threshold) {
      return new Failure(AccountChanges.withFailures(a, failures, now.plus(duration)), true);
    }
    return new Failure(AccountChanges.withFailures(a, failures, null), false);
  }
}
