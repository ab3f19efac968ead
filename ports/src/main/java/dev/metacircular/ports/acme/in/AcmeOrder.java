package dev.metacircular.ports.acme.in;

import dev.metacircular.ports.acme.AcmeProblem;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An order.
 *
 * @param status {@code pending}, {@code ready}, {@code processing}, {@code valid} or {@code
 *     invalid}
 * @param certificateId the issued certificate's id (its serial, hex), once valid; else null
 * @param error why the order is invalid, or null
 */
public record AcmeOrder(
    String id,
    String status,
    Instant expires,
    List<Identifier> identifiers,
    List<String> authorizationIds,
    String certificateId,
    AcmeProblem error) {
  public AcmeOrder {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(expires, "expires");
    identifiers = List.copyOf(identifiers);
    authorizationIds = List.copyOf(authorizationIds);
  }
}
