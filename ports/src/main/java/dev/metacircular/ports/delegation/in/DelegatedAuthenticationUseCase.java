package dev.metacircular.ports.delegation.in;

import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.TokenClaims;

/**
 * Inbound port: authentication in a service that delegates it to the identity service ({@code POST
 * /v1/auth/login}, {@code GET /v1/auth/tokeninfo}, {@code POST /v1/auth/logout} and every bearer
 * token of the crypto service). Admin status comes only from the identity service's {@code admin}
 * role. A token issued for another service ({@code aud} names one that is not this service) is
 * refused like an invalid one.
 */
public interface DelegatedAuthenticationUseCase {

  /** Forwards the login to the identity service; the caller owns and wipes {@code password}. */
  IssuedToken login(String username, char[] password, String totpCode, String sourceAddress);

  /** The caller a bearer token stands for; {@code Unauthenticated} when missing or invalid. */
  Caller authenticate(String bearerToken, String sourceAddress);

  /** The verified claims of a token; {@code Unauthenticated} when missing or invalid. */
  TokenClaims tokenInfo(String bearerToken);

  /** Revokes the presented token at the identity service. */
  void logout(String bearerToken, String sourceAddress);

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
