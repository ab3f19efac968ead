package dev.metacircular.ports.identity.in;

import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.PublicSigningKey;
import dev.metacircular.ports.identity.Role;
import dev.metacircular.ports.identity.TokenClaims;
import dev.metacircular.ports.identity.TokenValidation;
import java.util.stream.Collectors;

/**
 * Inbound port: token validation. Checks, in order: algorithm (only EdDSA), signature, issuer,
 * expiry, revocation, account status. Never throws for a bad token.
 */
public interface TokenValidationQuery {

  TokenValidation validate(String token);

  /** The public signing key, for relying services. */
  PublicSigningKey publicKey();

  /**
   * The caller a bearer token stands for, or {@code Unauthenticated} when it is missing or
   * invalid.
   */
  default Caller authenticate(String bearerToken, String sourceAddress) {
    if (bearerToken == null || bearerToken.isBlank()) {
      throw new DomainException.Unauthenticated("missing token");
    }
    if (validate(bearerToken) instanceof TokenValidation.Valid valid) {
      TokenClaims c = valid.claims();
      return new Caller(
          c.accountId(),
          c.username(),
          c.roles().stream().map(Role::wireName).collect(Collectors.toSet()),
          c.accountType().wireName(),
          c.jti(),
          sourceAddress);
    }
    throw new DomainException.Unauthenticated("invalid or expired token");
  }
}
