package dev.metacircular.ports.identity.in;

import java.util.Arrays;

/**
 * A token request to {@code POST /v1/sso/token} (RFC 6749 §4.1.3). Fields are as the client sent
 * them (null when absent): the core reports what is missing as an OAuth error, not as an exception.
 * The caller owns {@code clientSecret} and wipes it afterwards ({@link #wipe}).
 */
public record TokenExchangeCommand(
    String grantType,
    String code,
    String redirectUri,
    String clientId,
    char[] clientSecret,
    String codeVerifier,
    String sourceAddress) {

  public TokenExchangeCommand {
    sourceAddress = sourceAddress == null ? "" : sourceAddress;
  }

  public void wipe() {
    if (clientSecret != null) {
      Arrays.fill(clientSecret, '\0');
    }
  }

  @Override
  public String toString() {
    return "TokenExchangeCommand[client=" + clientId + ", redacted]";
  }
}
