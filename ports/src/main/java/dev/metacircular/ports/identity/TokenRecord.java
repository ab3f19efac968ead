package dev.metacircular.ports.identity;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What the identity service remembers of every token it issued (never the token itself).
 *
 * @param revokedAt null while the token is not revoked
 * @param revokeReason empty while not revoked
 * @param audience the service the token is for (its {@code aud}); empty only for records written
 *     before tokens carried an audience (such tokens no longer validate)
 * @param sessionStartedAt when the session this token belongs to began: the original login (or
 *     service-token issue), carried unchanged through every renewal, so renewal can stop at an
 *     absolute session lifetime
 * @param tags the login policy tags the session was opened with, so renewal evaluates the same
 *     request the login did
 */
public record TokenRecord(
    String jti,
    UUID accountId,
    Kind kind,
    Instant issuedAt,
    Instant expiresAt,
    Instant revokedAt,
    String revokeReason,
    String audience,
    Instant sessionStartedAt,
    List<String> tags) {

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
    audience = audience == null ? "" : audience;
    sessionStartedAt = sessionStartedAt == null ? issuedAt : sessionStartedAt;
    tags = tags == null ? List.of() : List.copyOf(tags);
  }

  /**
   * A record with no audience, a session that began at {@code issuedAt} and no tags: what a record
   * written before tokens carried an audience reads as.
   */
  public TokenRecord(
      String jti,
      UUID accountId,
      Kind kind,
      Instant issuedAt,
      Instant expiresAt,
      Instant revokedAt,
      String revokeReason) {
    this(
        jti,
        accountId,
        kind,
        issuedAt,
        expiresAt,
        revokedAt,
        revokeReason,
        "",
        issuedAt,
        List.of());
  }

  public boolean revoked() {
    return revokedAt != null;
  }

  /** This record, revoked at {@code at} for {@code reason}. */
  public TokenRecord asRevoked(Instant at, String reason) {
    return new TokenRecord(
        jti, accountId, kind, issuedAt, expiresAt, at, reason, audience, sessionStartedAt, tags);
  }
}
