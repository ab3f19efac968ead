package dev.metacircular.ports.identity;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * What the identity service remembers of every token it issued (never the token itself).
 *
 * @param revokedAt null while the token is not revoked
 * @param revokeReason empty while not revoked
 */
public record TokenRecord(
    String jti,
    UUID accountId,
    Kind kind,
    Instant issuedAt,
    Instant expiresAt,
    Instant revokedAt,
    String revokeReason) {

  /** LOGIN tokens come from a password login or renewal; SERVICE tokens from an admin. */
  public enum Kind {
    LOGIN,
    SERVICE
  }

  public TokenRecord {
    Objects.requireNonNull(jti, "jti");
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    revokeReason = revokeReason == null ? "" : revokeReason;
  }

  public boolean revoked() {
    return revokedAt != null;
  }
}
