package dev.metacircular.ports.delegation.out;

import dev.metacircular.ports.identity.IssuedToken;
import java.net.URI;

/**
 * Outbound port: single sign-on through the identity service, as a registered SSO client (the
 * reference's {@code mcdsl/sso}). The adapter knows the client id, its secret, the registered
 * redirect URI and where the identity service is.
 *
 * <p>Flow: a web door creates a random {@code state} and a PKCE verifier, sends the browser to
 * {@link #authorizationUrl}, and on the callback checks the state and calls {@link #exchange} with
 * the code and the verifier.
 */
public interface SsoLogin {

  /**
   * Where to send the browser: the identity service's {@code /sso/authorize} with this client's id
   * and redirect URI, {@code state} and the PKCE S256 {@code codeChallenge}.
   */
  URI authorizationUrl(String state, String codeChallenge);

  /** The registered redirect URI (the service's {@code /sso/callback}). */
  URI redirectUri();

  /**
   * Exchanges an authorization code for an identity token ({@code aud} = this service). {@code
   * Unauthenticated("sso login failed")} when the identity service refuses the code (expired,
   * reused, wrong verifier); {@code Unavailable("identity service unavailable")} when it cannot be
   * reached or refuses this client's credentials (a configuration error, logged).
   */
  IssuedToken exchange(String code, String codeVerifier);
}
