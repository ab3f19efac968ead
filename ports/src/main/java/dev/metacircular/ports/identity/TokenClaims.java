package dev.metacircular.ports.identity;

import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Role;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The verified content of a token the identity service issued and has not revoked.
 *
 * @param audience the one service the token was issued for ({@code aud}: the {@code service_name}
 *     given at login, or the identity service's own name when none was given); never blank. A
 *     service accepts only tokens of its own audience (DESIGN.md §8)
 */
public record TokenClaims(
    UUID accountId,
    String username,
    Set<Role> roles,
    AccountType accountType,
    String jti,
    String issuer,
    Instant issuedAt,
    Instant expiresAt,
    String audience) {

  public TokenClaims {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(username, "username");
    roles = roles == null ? Set.of() : Set.copyOf(roles);
    Objects.requireNonNull(accountType, "accountType");
    Objects.requireNonNull(jti, "jti");
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    if (audience == null || audience.isBlank()) {
      throw new IllegalArgumentException("a token always names its audience");
    }
  }
}
