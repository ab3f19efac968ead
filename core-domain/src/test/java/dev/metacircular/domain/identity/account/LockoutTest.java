package dev.metacircular.domain.identity.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.identity.AccountStatus;
import dev.metacircular.ports.identity.out.LoginSource;
import dev.metacircular.ports.identity.out.StoredAccount;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class LockoutTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration MIN15 = Duration.ofMinutes(15);
  private final Lockout lockout = new Lockout(3, MIN15, MIN15, 2, Duration.ofDays(30));

  private static StoredAccount account() {
    return new StoredAccount(
        UUID.randomUUID(),
        "alice",
        AccountType.HUMAN,
        AccountStatus.ACTIVE,
        Set.of(),
        "$argon2id$...",
        null,
        false,
        0,
        0,
        null,
        T0,
        T0);
  }

  /** Account plus the two buckets the tests drive: unknown sources and one known source. */
  private static final class State {
    StoredAccount account = account();
    LoginSource unknown = LoginSource.fresh(account.id(), LoginSource.UNKNOWN_SOURCES);
    LoginSource known = new LoginSource(account.id(), "10.0.0.1", T0, null, 0, null);

    Lockout.Decision attempt(Lockout l, boolean fromKnown, Instant now) {
      Lockout.Decision d = l.reserve(account, fromKnown ? known : unknown, fromKnown, now);
      if (d instanceof Lockout.Reserve r) {
        account = r.account();
        if (fromKnown) {
          known = r.bucket();
        } else {
          unknown = r.bucket();
        }
      }
      return d;
    }
  }

  @Test
  void theThresholdthUnknownFailureLocksUnknownSourcesForTheDuration() {
    State s = new State();
    Lockout.Reserve first = (Lockout.Reserve) s.attempt(lockout, false, T0);
    Lockout.Reserve second = (Lockout.Reserve) s.attempt(lockout, false, T0);
    Lockout.Reserve third = (Lockout.Reserve) s.attempt(lockout, false, T0);

    assertThat(first.lockedNow()).isFalse();
    assertThat(second.lockedNow()).isFalse();
    assertThat(third.lockedNow()).isTrue();
    assertThat(s.account.lockedUntil()).isEqualTo(T0.plus(MIN15));
    assertThat(s.attempt(lockout, false, T0.plus(MIN15).minusNanos(1)))
        .isEqualTo(new Lockout.Refuse(Lockout.Scope.UNKNOWN_SOURCES, Duration.ofMillis(1)));
    assertThat(s.attempt(lockout, false, T0.plus(MIN15))).isInstanceOf(Lockout.Reserve.class);
  }

  @Test
  void aKnownSourceKeepsItsOwnBudgetWhileUnknownSourcesAreLocked() {
    State s = new State();
    for (int i = 0; i < 3; i++) {
      s.attempt(lockout, false, T0);
    }
    assertThat(s.attempt(lockout, false, T0)).isInstanceOf(Lockout.Refuse.class);

    Lockout.Reserve k1 = (Lockout.Reserve) s.attempt(lockout, true, T0);
    Lockout.Reserve k2 = (Lockout.Reserve) s.attempt(lockout, true, T0);
    assertThat(k1.lockedNow()).isFalse();
    assertThat(k2.lockedNow()).isTrue();
    assertThat(s.attempt(lockout, true, T0))
        .isEqualTo(new Lockout.Refuse(Lockout.Scope.KNOWN_SOURCE, MIN15));
    // The known source's lock is its own: the unknown sources' lock is unchanged.
    assertThat(s.account.lockedUntil()).isEqualTo(T0.plus(MIN15));
  }

  @Test
  void failuresOutsideTheWindowStartANewWindow() {
    State s = new State();
    s.attempt(lockout, false, T0);
    s.attempt(lockout, false, T0.plusSeconds(1));
    Lockout.Reserve later = (Lockout.Reserve) s.attempt(lockout, false, T0.plus(MIN15));
    assertThat(later.lockedNow()).isFalse();
    assertThat(s.unknown.windowFailures()).isEqualTo(1);
    assertThat(s.unknown.windowStart()).isEqualTo(T0.plus(MIN15));
  }

  @Test
  void releasingTheSlotThatLockedLiftsTheLock() {
    State s = new State();
    s.attempt(lockout, false, T0);
    s.attempt(lockout, false, T0);
    Lockout.Reserve third = (Lockout.Reserve) s.attempt(lockout, false, T0);

    Lockout.Released released = lockout.release(s.account, s.unknown, third, T0);
    assertThat(released.account().lockedUntil()).isNull();
    assertThat(released.account().failedLogins()).isEqualTo(2);
    assertThat(released.bucket().windowFailures()).isEqualTo(2);
  }

  @Test
  void aSlotIsGivenBackAfterStorageKeptOnlyMilliseconds() {
    State s = new State();
    Instant withNanos = T0.plusNanos(123_456_789);
    Lockout.Reserve slot = (Lockout.Reserve) s.attempt(lockout, false, withNanos);
    // What SQLite hands back: epoch milliseconds.
    LoginSource stored =
        new LoginSource(
            s.unknown.accountId(),
            s.unknown.source(),
            null,
            Instant.ofEpochMilli(s.unknown.windowStart().toEpochMilli()),
            s.unknown.windowFailures(),
            null);

    Lockout.Released released = lockout.release(s.account, stored, slot, withNanos);
    assertThat(released.bucket().windowFailures()).isZero();
    assertThat(released.account().failedLogins()).isZero();
  }

  @Test
  void unknownSourcesStopShortOfTheCapSoKnownSourcesKeepTheirBudget() {
    Lockout l = new Lockout(100, MIN15, MIN15, 5, Duration.ofDays(30));
    State s = new State();
    Instant now = T0;
    int unknownChecked = 0;
    for (int i = 0; i < 1000; i++) {
      if (s.attempt(l, false, now) instanceof Lockout.Reserve) {
        unknownChecked++;
      }
      now = now.plus(Duration.ofMinutes(16));
    }
    assertThat(unknownChecked).isEqualTo(95);
    assertThat(s.attempt(l, false, now))
        .isEqualTo(new Lockout.Refuse(Lockout.Scope.CONSECUTIVE_FAILURES, MIN15));
    for (int i = 0; i < 5; i++) {
      assertThat(s.attempt(l, true, now)).isInstanceOf(Lockout.Reserve.class);
      now = now.plus(Duration.ofMinutes(16));
    }
    assertThat(s.account.failedLogins()).isEqualTo(Lockout.MAX_CONSECUTIVE);
    assertThat(s.attempt(l, true, now))
        .isEqualTo(new Lockout.Refuse(Lockout.Scope.CONSECUTIVE_FAILURES, MIN15));
  }

  @Test
  void aSourceIsKnownOnlyWithARecentSuccess() {
    UUID id = UUID.randomUUID();
    Duration month = Duration.ofDays(30);
    assertThat(
            lockout.isKnown(
                new LoginSource(id, "10.0.0.1", T0, null, 0, null), T0.plus(month).minusNanos(1)))
        .isTrue();
    assertThat(lockout.isKnown(new LoginSource(id, "10.0.0.1", T0, null, 0, null), T0.plus(month)))
        .isFalse();
    assertThat(lockout.isKnown(LoginSource.fresh(id, "10.0.0.1"), T0)).isFalse();
    assertThat(
            lockout.isKnown(
                new LoginSource(id, LoginSource.UNKNOWN_SOURCES, T0, null, 0, null), T0))
        .isFalse();
    assertThat(lockout.isKnown(null, T0)).isFalse();
  }

  @Test
  void settingsOutsideTheNistCapAreRefused() {
    assertThatThrownBy(() -> new Lockout(101, MIN15, MIN15, 5, MIN15))
        .hasMessageContaining("between 1 and 100");
    assertThatThrownBy(() -> new Lockout(10, MIN15, MIN15, 100, MIN15))
        .hasMessageContaining("known-source budget");
    assertThatThrownBy(() -> new Lockout(10, Duration.ZERO, MIN15, 5, MIN15))
        .hasMessageContaining("window");
  }

  @Provide
  Arbitrary<List<Boolean>> sources() {
    return Arbitraries.of(true, false).list().ofMaxSize(400);
  }

  /**
   * NIST 800-63B and the budgets: whatever mix of known and unknown attempts arrives at one
   * instant, never more than the budgets are checked, and never more than 100 in all.
   */
  @Property(tries = 200)
  void noMixOfAttemptsChecksMoreThanTheBudgets(
      @ForAll @IntRange(min = 1, max = 100) int threshold,
      @ForAll @IntRange(min = 1, max = 99) int knownBudget,
      @ForAll("sources") List<Boolean> fromKnown) {
    Lockout l = new Lockout(threshold, MIN15, MIN15, knownBudget, Duration.ofDays(30));
    State s = new State();
    int known = 0;
    int unknown = 0;
    for (boolean k : fromKnown) {
      if (s.attempt(l, k, T0) instanceof Lockout.Reserve) {
        if (k) {
          known++;
        } else {
          unknown++;
        }
      }
    }
    assertThat(known).isLessThanOrEqualTo(knownBudget);
    assertThat(unknown).isLessThanOrEqualTo(Math.min(threshold, 100 - knownBudget));
    assertThat(s.account.failedLogins())
        .isEqualTo(known + unknown)
        .isLessThanOrEqualTo(Lockout.MAX_CONSECUTIVE);
  }

  /** However long the attack lasts, at most 100 consecutive failures are ever checked. */
  @Property(tries = 100)
  void theConsecutiveCapHoldsAcrossAnyNumberOfWindows(
      @ForAll @IntRange(min = 1, max = 100) int threshold,
      @ForAll @IntRange(min = 1, max = 99) int knownBudget,
      @ForAll @IntRange(min = 1, max = 60) int stepMinutes,
      @ForAll("sources") List<Boolean> fromKnown) {
    Lockout l = new Lockout(threshold, MIN15, MIN15, knownBudget, Duration.ofDays(30));
    State s = new State();
    Instant now = T0;
    int checked = 0;
    for (boolean k : fromKnown) {
      if (s.attempt(l, k, now) instanceof Lockout.Reserve) {
        checked++;
      }
      now = now.plus(Duration.ofMinutes(stepMinutes));
    }
    assertThat(checked).isLessThanOrEqualTo(Lockout.MAX_CONSECUTIVE);
  }
}
