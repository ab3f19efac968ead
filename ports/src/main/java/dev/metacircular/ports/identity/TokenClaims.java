package dev.metacircular.ports.identity;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/** The verified content of a token the identity service issued and has not revoked. */
public record TokenClaims(
    UUID accountId,
    String username,
    Set<Role> roles,
    AccountType accountType,
    String jti,
    String issuer,
    Instant issuedAt,
    Instant expiresAt) {

  public TokenClaims {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(username, "username");
    roles = roles == null ? Set.of() : Set.copyOf(roles);
    Objects.requireNonNull(accountType, "accountType");
    Objects.requireNonNull(jti, "jti");
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }
}
