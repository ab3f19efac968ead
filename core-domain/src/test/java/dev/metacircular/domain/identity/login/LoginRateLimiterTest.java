package dev.metacircular.domain.identity.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginRateLimiterTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void aBurstIsAdmittedThenTheRateApplies() {
    LoginRateLimiter limiter = new LoginRateLimiter(2.0, 3, 100);

    for (int i = 0; i < 3; i++) {
      assertThat(limiter.admit("a", T0).admitted()).isTrue();
    }
    LoginRateLimiter.Admission refused = limiter.admit("a", T0);
    assertThat(refused.admitted()).isFalse();
    assertThat(refused.firstRefusal()).isTrue();
    assertThat(refused.retryAfter()).isEqualTo(Duration.ofMillis(500));
    assertThat(limiter.admit("a", T0).firstRefusal()).isFalse();

    assertThat(limiter.admit("a", T0.plusMillis(499)).admitted()).isFalse();
    assertThat(limiter.admit("a", T0.plusMillis(500)).admitted()).isTrue();
    assertThat(limiter.admit("a", T0.plusMillis(500)).firstRefusal()).isTrue();
  }

  @Test
  void aClockMovingBackwardsDoesNotRefillOrBreak() {
    LoginRateLimiter limiter = new LoginRateLimiter(1.0, 1, 100);
    assertThat(limiter.admit("a", T0).admitted()).isTrue();

    assertThat(limiter.admit("a", T0.minusSeconds(3600)).admitted()).isFalse();
    assertThat(limiter.admit("a", T0.plus(Duration.ofDays(365 * 400))).admitted()).isTrue();
  }

  @Test
  void sprayingAddressesCannotGrowTheMapBeyondItsBound() {
    LoginRateLimiter limiter = new LoginRateLimiter(10.0, 10, 1_000);

    for (int i = 0; i < 50_000; i++) {
      limiter.admit("10." + (i >> 16) + "." + ((i >> 8) & 0xff) + "." + (i & 0xff), T0);
    }

    assertThat(limiter.trackedAddresses()).isEqualTo(1_000);
  }

  @Test
  void aBusyAddressIsKeptWhileIdleOnesAreDropped() {
    LoginRateLimiter limiter = new LoginRateLimiter(1.0, 1, 10);
    assertThat(limiter.admit("attacker", T0).admitted()).isTrue();

    for (int i = 0; i < 100; i++) {
      limiter.admit("idle-" + i, T0);
      assertThat(limiter.admit("attacker", T0).admitted()).isFalse();
    }
  }
}
