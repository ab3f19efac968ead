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

  /**
   * Refuses a caller without the admin role before the door runs {@code action} (a door's own
   * name for the request, such as a gRPC method); returns the caller otherwise. Doors that keep
   * non-admins away from admin-only requests ask here rather than deciding alone, so the refusal
   * is the core's and audited like every other (DESIGN.md §8).
   */
  default Caller requireAdmin(Caller caller, String action) {
    if (caller == null || !caller.isAdmin()) {
      throw new DomainException.Forbidden("admin role required");
    }
    return caller;
  }
}
