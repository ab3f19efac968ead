package dev.metacircular.domain.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.metacircular.ports.audit.IdentityAuditTypes;
import dev.metacircular.ports.error.DomainException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RateLimitTest {

  private final IdentityFixture f = IdentityFixture.create(s -> s.withLoginRate(10, 10));

  @AfterEach
  void close() {
    f.close();
  }

  private void attempt(String address) {
    f.core.login().login(IdentityFixture.command("nobody", "some password", null, address));
  }

  @Test
  void theEleventhAttemptWithinASecondFromOneAddressIsRefusedAndOthersAreNot() {
    for (int i = 0; i < 10; i++) {
      assertThatThrownBy(() -> attempt("203.0.113.7"))
          .isInstanceOf(DomainException.Unauthenticated.class);
    }

    var limited =
        catchThrowableOfType(() -> attempt("203.0.113.7"), DomainException.TooManyRequests.class);
    assertThat(limited).hasMessage("too many login attempts");
    assertThat(limited.retryAfter()).isPositive();
    assertThat(limited.retryAfterSeconds()).isEqualTo(1);

    assertThatThrownBy(() -> attempt("198.51.100.1"))
        .isInstanceOf(DomainException.Unauthenticated.class);
  }

  @Test
  void theBucketRefillsWithTimeAndAFloodIsAuditedOnce() {
    for (int i = 0; i < 10; i++) {
      assertThatThrownBy(() -> attempt("203.0.113.7"))
          .isInstanceOf(DomainException.Unauthenticated.class);
    }
    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(() -> attempt("203.0.113.7"))
          .isInstanceOf(DomainException.TooManyRequests.class);
    }
    assertThat(f.auditEvents(IdentityAuditTypes.LOGIN_RATE_LIMITED)).hasSize(1);

    f.clock.advance(Duration.ofMillis(100));

    assertThatThrownBy(() -> attempt("203.0.113.7"))
        .isInstanceOf(DomainException.Unauthenticated.class);
    assertThatThrownBy(() -> attempt("203.0.113.7"))
        .isInstanceOf(DomainException.TooManyRequests.class);
  }
}
