package dev.metacircular.domain.delegation;

import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.delegation.in.DelegatedAuthenticationUseCase;
import dev.metacircular.ports.delegation.out.IdentityProvider;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.TokenClaims;
import dev.metacircular.ports.identity.TokenValidation;
import java.util.Objects;

/**
 * Authentication for a service that delegates it to the identity service (the crypto service, later
 * the control plane and registry), over whichever {@link IdentityProvider} is wired in.
 *
 * <p>A bearer token is accepted only when the identity service declares it valid <em>and</em> its
 * audience is this service's own name (DESIGN.md §8: every token names exactly one audience, and no
 * audience is never a wildcard). The provider is asked to check the audience itself, and the answer
 * is checked again here, so a provider that ignored the request still cannot let a token for
 * another service (the identity service's own included) through. Such a token is refused with
 * exactly the message of an invalid one, so a caller learns nothing from the difference. The
 * resulting {@link Caller} carries the identity roles unchanged; admin status is only {@link
 * Caller#isAdmin()}, i.e. the identity {@code admin} role — this service grants nothing of its own.
 *
 * <p>How long a revoked token may still pass is the provider's bound (none in process; the REST
 * client's cache TTL, 30 s by default).
 */
public final class DelegatedAuthenticator implements DelegatedAuthenticationUseCase {

  static final String MISSING_TOKEN = "missing token";
  static final String INVALID_TOKEN = "invalid or expired token";

  private final IdentityProvider provider;

  public DelegatedAuthenticator(IdentityProvider provider) {
    this.provider = Objects.requireNonNull(provider, "provider");
  }

  @Override
  public IssuedToken login(
      String username, char[] password, String totpCode, String sourceAddress) {
    return provider.login(username, password, totpCode, sourceAddress);
  }

  @Override
  public Caller authenticate(String bearerToken, String sourceAddress) {
    TokenClaims c = verifiedClaims(bearerToken);
    return new Caller(
        c.accountId(), c.username(), c.roles(), c.accountType(), c.jti(), sourceAddress);
  }

  @Override
  public TokenClaims tokenInfo(String bearerToken) {
    return verifiedClaims(bearerToken);
  }

  @Override
  public void logout(String bearerToken, String sourceAddress) {
    requirePresent(bearerToken);
    // Revoking is safe whatever the audience: only the token's holder can present it.
    provider.logout(bearerToken, sourceAddress);
  }

  private TokenClaims verifiedClaims(String bearerToken) {
    requirePresent(bearerToken);
    String own = provider.serviceName();
    if (provider.validate(bearerToken, own) instanceof TokenValidation.Valid valid
        && own.equals(valid.claims().audience())) {
      return valid.claims();
    }
    throw new DomainException.Unauthenticated(INVALID_TOKEN);
  }

  private static void requirePresent(String bearerToken) {
    if (bearerToken == null || bearerToken.isBlank()) {
      throw new DomainException.Unauthenticated(MISSING_TOKEN);
    }
  }
}
