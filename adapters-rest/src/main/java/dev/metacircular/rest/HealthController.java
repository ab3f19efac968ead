package dev.metacircular.rest;

import dev.metacircular.ports.identity.PublicSigningKey;
import dev.metacircular.ports.identity.in.TokenValidationUseCase;
import io.javalin.http.Context;

/** Unauthenticated reads: liveness and the token-signing public key (as a JWK plus PEM). */
final class HealthController {
  private final TokenValidationUseCase tokens;

  HealthController(TokenValidationUseCase tokens) {
    this.tokens = tokens;
  }

  /** Liveness: {@code {"status":"ok"}}, on every service. */
  static void health(Context ctx) {
    JsonBodies.write(ctx, 200, StatusView.OK);
  }

  void publicKey(Context ctx) {
    PublicSigningKey key = tokens.publicKey();
    JsonBodies.write(
        ctx,
        200,
        new PublicKeyView(
            "OKP", key.curve(), key.algorithm(), "sig", key.keyId(), key.x(), key.pem()));
  }

  record PublicKeyView(
      String kty, String crv, String alg, String use, String kid, String x, String pem) {}
}
