package dev.metacircular.ports.identity.in;

import dev.metacircular.ports.error.DomainException;
import java.util.regex.Pattern;

/**
 * The parameters of {@code GET /sso/authorize} (RFC 6749 §4.1.1 with PKCE, RFC 7636).
 *
 * @param responseType must be {@code code}
 * @param codeChallenge PKCE challenge (43-128 base64url characters), or null
 * @param codeChallengeMethod {@code S256} when a challenge is given ({@code plain} is refused: it
 *     protects nothing when the authorization request can be observed)
 */
public record AuthorizationRequest(
    String clientId,
    String redirectUri,
    String responseType,
    String codeChallenge,
    String codeChallengeMethod) {

  private static final Pattern CHALLENGE = Pattern.compile("[A-Za-z0-9._~-]{43,128}");

  public AuthorizationRequest {
    if (clientId == null || clientId.isEmpty()) {
      throw new DomainException.InvalidInput("client_id is required");
    }
    if (redirectUri == null || redirectUri.isEmpty()) {
      throw new DomainException.InvalidInput("redirect_uri is required");
    }
    if (codeChallenge != null && codeChallenge.isEmpty()) {
      codeChallenge = null;
    }
    if (codeChallengeMethod != null && codeChallengeMethod.isEmpty()) {
      codeChallengeMethod = null;
    }
  }

  /**
   * Checks the parts that may be reported back to the client's redirect URI (once the client and
   * URI are known to be registered): response type and PKCE parameters.
   */
  public void requireValidParameters() {
    if (!"code".equals(responseType)) {
      throw new DomainException.InvalidInput("response_type must be code");
    }
    if (codeChallenge == null) {
      if (codeChallengeMethod != null) {
        throw new DomainException.InvalidInput("code_challenge_method without code_challenge");
      }
      return;
    }
    if (!"S256".equals(codeChallengeMethod)) {
      throw new DomainException.InvalidInput("code_challenge_method must be S256");
    }
    if (!CHALLENGE.matcher(codeChallenge).matches()) {
      throw new DomainException.InvalidInput("code_challenge must be 43-128 base64url characters");
    }
  }
}
