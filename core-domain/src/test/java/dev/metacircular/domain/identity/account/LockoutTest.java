package dev.metacircular.domain.identity.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.ports.identity.AccountStatus;
import dev.metacircular.ports.identity.AccountType;
import dev.metacircular.ports.identity.out.StoredAccount;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class LockoutTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final Lockout lockout = new Lockout(3, Duration.ofMinutes(15));

  private static StoredAccount account() {
    return new StoredAccount(UUID.randomUUID(), "alice", AccountType.HUMAN, AccountStatus.ACTIVE,
        Set.of(), "$argon2id$...", null, false, 0, 0, null, T0, T0);
  }

  @Test
  void theThresholdthFailureLocksForTheDuration() {
    StoredAccount a = account();
    Lockout.Failure first = lockout.afterFailure(a, T0);
    Lockout.Failure second = lockout.afterFailure(first.account(), T0);
    Lockout.Failure third = lockout.afterFailure(second.account(), T0);

    assertThat(first.lockedNow()).isFalse();
    assertThat(second.lockedNow()).isFalse();
    assertThat(third.lockedNow()).isTrue();
    assertThat(third.account().lockedUntil()).isEqualTo(T0.plus(Duration.ofMinutes(15)));
    assertThat(lockout.isLocked(third.account(), T0.plus(Duration.ofMinutes(15)).minusNanos(1)))
        .isTrue();
    assertThat(lockout.isLocked(third.account(), T0.plus(Duration.ofMinutes(15)))).isFalse();
    assertThat(lockout.remaining(third.account(), T0.plusSeconds(60)))
        .isEqualTo(Duration.ofMinutes(14));
  }

  /** NIST 800-63B: however many guesses are made, at most threshold fit in one lock period. */
  @Property(tries = 200)
  void noMoreThanThresholdFailuresFitBetweenLocks(
      @ForAll @IntRange(min = 1, max = 100) int threshold,
      @ForAll @IntRange(min = 1, max = 500) int attempts) {
    Lockout l = new Lockout(threshold, Duration.ofMinutes(15));
    StoredAccount a = account();
    int checkedSinceLock = 0;
    for (int i = 0; i < attempts; i++) {
      if (l.isLocked(a, T0)) {
        break;
      }
      checkedSinceLock++;
      a = l.afterFailure(a, T0).account();
    }
    assertThat(checkedSinceLock).isLessThanOrEqualTo(threshold);
    assertThat(a.failedLogins()).isLessThanOrEqualTo(threshold);
  }
}
