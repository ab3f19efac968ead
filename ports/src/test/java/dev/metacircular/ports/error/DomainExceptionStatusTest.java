package dev.metacircular.ports.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The one status table every HTTP door answers with (DESIGN §4 and the runbooks' codes). */
class DomainExceptionStatusTest {

  @Test
  void everyRefusalHasItsStatus() {
    assertThat(new DomainException.InvalidInput("x").httpStatus()).isEqualTo(400);
    assertThat(new DomainException.Unauthenticated("x").httpStatus()).isEqualTo(401);
    assertThat(new DomainException.Forbidden("x").httpStatus()).isEqualTo(403);
    assertThat(new DomainException.NotFound("x").httpStatus()).isEqualTo(404);
    assertThat(new DomainException.Conflict("x").httpStatus()).isEqualTo(409);
    assertThat(new DomainException.PreconditionFailed("x").httpStatus()).isEqualTo(412);
    assertThat(new DomainException.TooManyRequests("x", Duration.ofSeconds(1)).httpStatus())
        .isEqualTo(429);
    assertThat(new DomainException.Unavailable("sealed").httpStatus()).isEqualTo(503);
  }
}
