package dev.metacircular.ports.client.out;

import dev.metacircular.ports.client.BearerToken;
import dev.metacircular.ports.client.WhoAmI;

/**
 * Logging in and out of a service with a password. The bearer token obtained is kept by the
 * client's {@link BearerToken} and sent with every later call; it is never printed.
 */
public interface SessionClient {

  /**
   * Logs in. {@code totpCode} may be null; a service that needs one answers {@code
   * Unauthenticated("totp required")}. The caller owns and wipes {@code password}.
   */
  WhoAmI login(String username, char[] password, String totpCode);

  /** Revokes the current token and forgets it. */
  void logout();

  /** Who the current token stands for; {@code Unauthenticated} when not logged in. */
  WhoAmI whoami();
}
