package dev.metacircular.ports.delegation.out;

import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.TokenValidation;

/**
 * Outbound port: the identity service, as seen by a service that delegates authentication to it
 * (the crypto service; later the control plane and registry). Two adapters: a REST client to a
 * remote identity service, and an in-process one that calls the identity core directly (dev mode,
 * embedding).
 *
 * <p>The adapter is configured with the relying service's {@code service_name} and {@code tags} and
 * sends them with every login, so the identity service's login policy can tell services apart.
 * Refusals are the identity service's own: {@code Unauthenticated("invalid credentials")}, {@code
 * Unauthenticated("totp required")}, {@code Forbidden("login denied by policy")}, {@code
 * TooManyRequests}; an identity service that cannot be reached is {@code Unavailable("identity
 * service unavailable")}, never a login failure.
 */
public interface IdentityProvider {

  /**
   * Logs in with a password (and a TOTP code, or null). The caller owns and wipes {@code password}.
   */
  IssuedToken login(String username, char[] password, String totpCode, String sourceAddress);

  /**
   * Validates a token (algorithm, signature, expiry, revocation). Never throws for a bad token;
   * throws {@code Unavailable} only when the identity service cannot answer. An adapter may cache
   * answers briefly; it documents how long a revoked token may still pass.
   */
  TokenValidation validate(String token);

  /**
   * Validates a token and requires its audience to be {@code audience} (a relying service asks for
   * its own name): a token for another service is {@code Invalid(WRONG_AUDIENCE)}. Adapters pass
   * the audience to the identity service so it checks it too; this default checks the answer
   * locally.
   */
  default TokenValidation validate(String token, String audience) {
    TokenValidation result = validate(token);
    if (result instanceof TokenValidation.Valid valid
        && !valid.claims().audience().equals(audience)) {
      return new TokenValidation.Invalid(TokenValidation.Reason.WRONG_AUDIENCE);
    }
    return result;
  }

  /** Revokes the presented token; {@code Unauthenticated} when it is not valid. */
  void logout(String token, String sourceAddress);

  /** The service name this adapter logs in as ({@code aud} of the tokens it obtains). */
  String serviceName();

  /**
   * Returns when the identity service answers now; {@code DomainException.Unavailable} when it does
   * not (the crypto service's readiness). The default asks nothing: an in-process identity service
   * is always there.
   */
  default void checkReachable() {}
}
