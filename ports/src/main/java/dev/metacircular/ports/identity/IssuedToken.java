package dev.metacircular.ports.identity;

import java.time.Instant;
import java.util.Objects;

/** A freshly issued token: the compact JWS, its id and when it expires. */
public record IssuedToken(String token, String jti, Instant expiresAt) {
  public IssuedToken {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(jti, "jti");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  @Override
  public String toString() {
    // A token is a bearer credential: never let it reach a log by accident.
    return "IssuedToken[jti=" + jti + ", expiresAt=" + expiresAt + "]";
  }
}
