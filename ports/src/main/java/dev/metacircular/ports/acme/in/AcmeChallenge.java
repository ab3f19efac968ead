package dev.metacircular.ports.acme.in;

import dev.metacircular.ports.acme.AcmeProblem;
import dev.metacircular.ports.acme.ChallengeType;
import java.time.Instant;
import java.util.Objects;

/**
 * One challenge of an authorization.
 *
 * @param status {@code pending}, {@code processing}, {@code valid} or {@code invalid}
 * @param validated when it was found valid, or null
 * @param error why it is invalid, or null
 */
public record AcmeChallenge(
    String id,
    String authorizationId,
    ChallengeType type,
    String token,
    String status,
    Instant validated,
    AcmeProblem error) {
  public AcmeChallenge {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(authorizationId, "authorizationId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(status, "status");
  }
}
