package dev.metacircular.ports.identity.in;

import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.identity.AuthorizationGrant;
import dev.metacircular.ports.identity.SsoClient;

/**
 * Inbound port: the SSO authorization-code flow (the reference's {@code /sso/authorize} and {@code
 * POST /v1/sso/token}; OAuth 2.0 authorization code grant with optional PKCE S256).
 *
 * <p>The door first {@link #checkClient checks} the client and redirect URI — when that fails it
 * shows the error and must never redirect. It then authenticates the person (password and TOTP, or
 * a passkey, through the login use cases, which yield a token) and asks for a code with the {@link
 * Caller} of that token. The client's server exchanges the code at the token endpoint.
 */
public interface SsoUseCase {

  /** Lifetime of an authorization code. */
  java.time.Duration CODE_TTL = java.time.Duration.ofSeconds(60);

  /**
   * The registered client, when {@code redirectUri} is one of its exact redirect URIs. {@code
   * InvalidInput("unknown client")} or {@code InvalidInput("redirect_uri is not registered for this
   * client")} otherwise (identical for every unregistered URI).
   */
  SsoClient checkClient(String clientId, String redirectUri);

  /**
   * A single-use code, valid for {@link #CODE_TTL}, bound to the client, the redirect URI, the
   * caller's account and the PKCE challenge. Re-checks the client ({@link #checkClient}) and the
   * request parameters ({@code InvalidInput}), that the account is active ({@code
   * Unauthenticated}), and the login policy for the client's service ({@code Forbidden("login
   * denied by policy")}). Audited.
   */
  AuthorizationGrant authorize(Caller caller, AuthorizationRequest request);

  /**
   * Exchanges a code for an identity token. Never throws for a bad request: every refusal is a
   * {@link TokenExchange.Refused} with its OAuth error, and audited. Presenting a used code again
   * is refused and revokes the token the first exchange issued.
   */
  TokenExchange exchange(TokenExchangeCommand command);
}
