package dev.metacircular.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.domain.audit.RefusalStatus;
import dev.metacircular.http.HttpStatuses;
import dev.metacircular.ports.error.DomainException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The HTTP doors' status table (adapters-http) and the number the audit log records for a refusal
 * (core-domain, which cannot see the doors) agree for every kind of refusal, so an audit entry's
 * {@code status} is what the HTTP client was answered.
 */
class RefusalStatusTest {

  static final List<DomainException> EVERY_KIND =
      List.of(
          new DomainException.InvalidInput("x"),
          new DomainException.Unauthenticated("x"),
          new DomainException.Forbidden("x"),
          new DomainException.NotFound("x"),
          new DomainException.Conflict("x"),
          new DomainException.PreconditionFailed("x"),
          new DomainException.TooManyRequests("x", Duration.ofSeconds(1)),
          new DomainException.Unavailable("x"));

  @Test
  void theListHoldsEveryKindOfRefusal() {
    assertThat(EVERY_KIND.stream().map(Object::getClass).distinct())
        .containsExactlyInAnyOrderElementsOf(
            Arrays.stream(DomainException.class.getPermittedSubclasses()).toList());
  }

  @Test
  void theAuditRecordsTheStatusTheHttpDoorsAnswerWith() {
    for (DomainException refusal : EVERY_KIND) {
      assertThat(RefusalStatus.of(refusal))
          .as(refusal.getClass().getSimpleName())
          .isEqualTo(HttpStatuses.of(refusal));
    }
  }
}
