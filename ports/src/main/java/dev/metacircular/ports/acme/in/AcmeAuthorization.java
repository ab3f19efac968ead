package dev.metacircular.ports.acme.in;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An authorization: the account's proof of control of one identifier (a wildcard's base name, with
 * {@code wildcard} set).
 *
 * @param status {@code pending}, {@code valid}, {@code invalid}, {@code deactivated} or {@code
 *     expired}
 */
public record AcmeAuthorization(
    String id,
    String status,
    Instant expires,
    Identifier identifier,
    boolean wildcard,
    List<AcmeChallenge> challenges) {
  public AcmeAuthorization {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(expires, "expires");
    Objects.requireNonNull(identifier, "identifier");
    challenges = List.copyOf(challenges);
  }
}
