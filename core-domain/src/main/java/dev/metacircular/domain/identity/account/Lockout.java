package dev.metacircular.domain.identity.account;

import dev.metacircular.ports.identity.out.LoginSource;
import dev.metacircular.ports.identity.out.StoredAccount;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The lockout policy, as pure decisions over stored state (the store and the unit of work are
 * {@link LoginFailures}' business). Modelled on the lockout of identity providers that spare known
 * devices:
 *
 * <ul>
 *   <li>Every address that has not signed in to the account within {@code knownSourceWindow} shares
 *       one budget: {@code threshold} failures per {@code window}. When it is spent the account is
 *       locked <em>for unknown sources</em> for {@code duration}.
 *   <li>A known source (a successful sign-in from it within {@code knownSourceWindow}) has its own
 *       budget of {@code knownSourceBudget} failures per {@code window}, and its own lock. Failures
 *       from elsewhere never spend it.
 *   <li>NIST 800-63B: never more than {@link #MAX_CONSECUTIVE} consecutive failures per account
 *       (the account's {@code failedLogins}, cleared only by a success or a new password). Unknown
 *       sources stop {@code knownSourceBudget} short of that, so they can never use up what a known
 *       source is owed.
 * </ul>
 *
 * <p>A failure is counted when its attempt is <em>reserved</em>, before the password is hashed, so
 * concurrent attempts can never check more passwords than the budget; an attempt that turns out not
 * to be a failure gives its slot back ({@link #release}).
 */
public record Lockout(
    int threshold,
    Duration window,
    Duration duration,
    int knownSourceBudget,
    Duration knownSourceWindow) {

  /** NIST SP 800-63B §5.2.2: no more than 100 consecutive failed attempts on one account. */
  public static final int MAX_CONSECUTIVE = 100;

  /** Where a refusal comes from, for the audit. */
  public enum Scope {
    /** The shared budget of unknown sources is spent. */
    UNKNOWN_SOURCES("unknown_sources"),
    /** This known source has spent its own budget. */
    KNOWN_SOURCE("known_source"),
    /** The account reached its cap of consecutive failures. */
    CONSECUTIVE_FAILURES("consecutive_failures");

    private final String wireName;

    Scope(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }
  }

  /** What to do with one more attempt. */
  public sealed interface Decision {}

  /** Refuse without checking anything; {@code retryAfter} is a hint for the client. */
  public record Refuse(Scope scope, Duration retryAfter) implements Decision {}

  /**
   * The attempt may go ahead with one failure counted in advance: store {@code account} and {@code
   * bucket}. {@code lockedNow} when this slot spent the budget; {@code lockedUntil} is then the
   * lock it set.
   */
  public record Reserve(
      StoredAccount account,
      LoginSource bucket,
      boolean known,
      boolean lockedNow,
      Instant windowStart,
      Instant lockedUntil)
      implements Decision {}

  public Lockout {
    if (threshold < 1 || threshold > MAX_CONSECUTIVE) {
      throw new IllegalArgumentException(
          "lockout threshold must be between 1 and "
              + MAX_CONSECUTIVE
              + " (NIST 800-63B allows at most 100 consecutive failures)");
    }
    positive("window", window);
    positive("duration", duration);
    positive("knownSourceWindow", knownSourceWindow);
    if (knownSourceBudget < 1 || knownSourceBudget >= MAX_CONSECUTIVE) {
      throw new IllegalArgumentException(
          "known-source budget must be between 1 and " + (MAX_CONSECUTIVE - 1));
    }
  }

  /** The defaults: 10 failures in 15 minutes lock for 15 minutes; known sources 5, 30 days. */
  public static Lockout defaults() {
    return new Lockout(10, Duration.ofMinutes(15), Duration.ofMinutes(15), 5, Duration.ofDays(30));
  }

  /** Consecutive failures after which unknown sources are refused until a success. */
  public int unknownSourceCap() {
    return MAX_CONSECUTIVE - knownSourceBudget;
  }

  /** Whether {@code row} is a source that signed in to its account recently enough. */
  public boolean isKnown(LoginSource row, Instant now) {
    return row != null
        && !row.source().equals(LoginSource.UNKNOWN_SOURCES)
        && row.lastSuccessAt() != null
        && now.isBefore(row.lastSuccessAt().plus(knownSourceWindow));
  }

  /**
   * The decision for one more attempt against {@code account} through {@code bucket} (the known
   * source's row when {@code known}, else the shared {@link LoginSource#UNKNOWN_SOURCES} row).
   */
  public Decision reserve(
      StoredAccount account, LoginSource bucket, boolean known, Instant instant) {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(bucket, "bucket");
    // Storage keeps milliseconds: what release compares must survive the round trip.
    Instant now = instant.truncatedTo(ChronoUnit.MILLIS);
    Instant lock = known ? bucket.lockedUntil() : account.lockedUntil();
    if (lock != null && now.isBefore(lock)) {
      return new Refuse(
          known ? Scope.KNOWN_SOURCE : Scope.UNKNOWN_SOURCES, Duration.between(now, lock));
    }
    if (account.failedLogins() >= (known ? MAX_CONSECUTIVE : unknownSourceCap())) {
      return new Refuse(Scope.CONSECUTIVE_FAILURES, duration);
    }
    int budget = known ? knownSourceBudget : threshold;
    boolean windowOpen =
        bucket.windowStart() != null && now.isBefore(bucket.windowStart().plus(window));
    Instant windowStart = windowOpen ? bucket.windowStart() : now;
    int failures = (windowOpen ? bucket.windowFailures() : 0) + 1;
    boolean lockedNow = failures >= budget;
    Instant lockedUntil = lockedNow ? now.plus(duration) : null;
    // A spent budget starts afresh after the lock; an expired lock is cleared.
    LoginSource newBucket =
        lockedNow
            ? new LoginSource(
                bucket.accountId(),
                bucket.source(),
                bucket.lastSuccessAt(),
                null,
                0,
                known ? lockedUntil : null)
            : new LoginSource(
                bucket.accountId(),
                bucket.source(),
                bucket.lastSuccessAt(),
                windowStart,
                failures,
                null);
    Instant accountLock = known ? liveOrNull(account.lockedUntil(), now) : lockedUntil;
    StoredAccount newAccount =
        AccountChanges.withFailures(
            account, Math.min(MAX_CONSECUTIVE, account.failedLogins() + 1), accountLock);
    return new Reserve(newAccount, newBucket, known, lockedNow, windowStart, lockedUntil);
  }

  /**
   * Gives back the slot {@code slot} reserved (the attempt turned out not to be a failure), given
   * the account and bucket as they are now. A lock the slot set is lifted, unless it has been
   * replaced since.
   */
  public Released release(StoredAccount account, LoginSource bucket, Reserve slot, Instant now) {
    StoredAccount a =
        AccountChanges.withFailures(
            account, Math.max(0, account.failedLogins() - 1), account.lockedUntil());
    LoginSource b = bucket;
    int budget = slot.known() ? knownSourceBudget : threshold;
    if (slot.lockedNow()) {
      Instant current = slot.known() ? bucket.lockedUntil() : account.lockedUntil();
      if (Objects.equals(current, slot.lockedUntil())) {
        b =
            new LoginSource(
                bucket.accountId(),
                bucket.source(),
                bucket.lastSuccessAt(),
                slot.windowStart(),
                budget - 1,
                null);
        if (!slot.known()) {
          a = AccountChanges.withFailures(a, a.failedLogins(), null);
        }
      }
    } else if (Objects.equals(bucket.windowStart(), slot.windowStart())
        && bucket.windowFailures() > 0) {
      b =
          new LoginSource(
              bucket.accountId(),
              bucket.source(),
              bucket.lastSuccessAt(),
              bucket.windowStart(),
              bucket.windowFailures() - 1,
              bucket.lockedUntil());
    }
    return new Released(a, b);
  }

  /** The account and bucket after a {@link #release}. */
  public record Released(StoredAccount account, LoginSource bucket) {}

  /** One failure counted without a reserved slot (a wrong TOTP code during a lock). */
  public StoredAccount afterUnbudgetedFailure(StoredAccount account) {
    return AccountChanges.withFailures(
        account, Math.min(MAX_CONSECUTIVE, account.failedLogins() + 1), account.lockedUntil());
  }

  private static Instant liveOrNull(Instant lock, Instant now) {
    return lock != null && now.isBefore(lock) ? lock : null;
  }

  private static void positive(String name, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("lockout " + name + " must be positive");
    }
  }
}
