package dev.metacircular.ports.identity.in;

import dev.metacircular.ports.identity.IssuedToken;

/**
 * Inbound port: what the holder of a valid token may do with it. Both calls throw {@code
 * Unauthenticated} when the token is not valid.
 */
public interface SessionUseCase {

  /** Revokes the presented token. */
  void logout(String token, String sourceAddress);

  /** Issues a fresh token with a new expiry and revokes the presented one. */
  IssuedToken renew(String token, String sourceAddress);
}
