package dev.metacircular.ports.identity.in;

import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.PublicSigningKey;
import dev.metacircular.ports.identity.TokenClaims;
import dev.metacircular.ports.identity.TokenValidation;

/**
 * Inbound port: token validation. Checks, in order: algorithm (only EdDSA), signature, issuer,
 * claims (an {@code aud} naming exactly one service among them), expiry, revocation, account
 * status, and — when one is asked for — the audience. Never throws for a bad token.
 *
 * <p>Every token names one audience. The identity service's own API accepts only tokens whose
 * audience is {@link #audience()} ({@link #authenticate}); {@link #validate(String)} answers for
 * any audience (it is what a relying service asks, and it checks the audience itself, or asks
 * {@link #validate(String, String)} to).
 */
public interface TokenValidationUseCase {

  /** Validates the token whatever service it is for; the claims name its audience. */
  TokenValidation validate(String token);

  /**
   * Validates the token and requires its audience to be {@code audience}: an otherwise valid token
   * for another service is {@code Invalid(WRONG_AUDIENCE)}. A null or blank {@code audience} checks
   * none (as {@link #validate(String)}).
   */
  default TokenValidation validate(String token, String audience) {
    TokenValidation result = validate(token);
    if (audience == null
        || audience.isBlank()
        || !(result instanceof TokenValidation.Valid valid)
        || valid.claims().audience().equals(audience)) {
      return result;
    }
    return new TokenValidation.Invalid(TokenValidation.Reason.WRONG_AUDIENCE);
  }

  /** The identity service's own audience ({@code mcias} unless configured otherwise). */
  String audience();

  /** The public signing key, for relying services. */
  PublicSigningKey publicKey();

  /**
   * The caller a bearer token stands for on the identity service's own API, or {@code
   * Unauthenticated} when it is missing, invalid, or issued for another service (a token for
   * another audience is answered exactly like an invalid one).
   */
  default Caller authenticate(String bearerToken, String sourceAddress) {
    if (bearerToken == null || bearerToken.isBlank()) {
      throw new DomainException.Unauthenticated("missing token");
    }
    if (validate(bearerToken, audience()) instanceof TokenValidation.Valid valid) {
      TokenClaims c = valid.claims();
      return new Caller(
          c.accountId(), c.username(), c.roles(), c.accountType(), c.jti(), sourceAddress);
    }
    throw new DomainException.Unauthenticated("invalid or expired token");
  }

  /**
   * Refuses a caller without the admin role before the door runs {@code action} (a door's own name
   * for the request, such as a gRPC method); returns the caller otherwise. Doors that keep
   * non-admins away from admin-only requests ask here rather than deciding alone, so the refusal is
   * the core's and audited like every other (DESIGN.md §8).
   */
  default Caller requireAdmin(Caller caller, String action) {
    if (caller == null || !caller.isAdmin()) {
      throw new DomainException.Forbidden("admin role required");
    }
    return caller;
  }
}
