package dev.metacircular.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.in.TokenExchange.OAuthError;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The one status table every HTTP door answers with (DESIGN §4 and the runbooks' codes). */
class HttpStatusesTest {

  @Test
  void everyRefusalHasItsStatus() {
    assertThat(HttpStatuses.of(new DomainException.InvalidInput("x"))).isEqualTo(400);
    assertThat(HttpStatuses.of(new DomainException.Unauthenticated("x"))).isEqualTo(401);
    assertThat(HttpStatuses.of(new DomainException.Forbidden("x"))).isEqualTo(403);
    assertThat(HttpStatuses.of(new DomainException.NotFound("x"))).isEqualTo(404);
    assertThat(HttpStatuses.of(new DomainException.Conflict("x"))).isEqualTo(409);
    assertThat(HttpStatuses.of(new DomainException.PreconditionFailed("x"))).isEqualTo(412);
    assertThat(HttpStatuses.of(new DomainException.TooManyRequests("x", Duration.ofSeconds(1))))
        .isEqualTo(429);
    assertThat(HttpStatuses.of(new DomainException.Unavailable("sealed"))).isEqualTo(503);
  }

  @Test
  void theTokenEndpointAnswersAFailedClientWith401AndEverythingElseWith400() {
    assertThat(HttpStatuses.of(OAuthError.INVALID_REQUEST)).isEqualTo(400);
    assertThat(HttpStatuses.of(OAuthError.INVALID_CLIENT)).isEqualTo(401);
    assertThat(HttpStatuses.of(OAuthError.INVALID_GRANT)).isEqualTo(400);
    assertThat(HttpStatuses.of(OAuthError.UNSUPPORTED_GRANT_TYPE)).isEqualTo(400);
  }
}
