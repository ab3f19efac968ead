package dev.metacircular.rest;

import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.delegation.in.DelegatedAuthenticationUseCase;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.TokenClaims;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;

/**
 * The crypto service's login, token info and logout: each is forwarded by the core to the identity
 * service. The login password is read as {@code char[]} and wiped when the call returns.
 */
final class CryptoAuthController {
  private final DelegatedAuthenticationUseCase auth;

  CryptoAuthController(DelegatedAuthenticationUseCase auth) {
    this.auth = auth;
  }

  void login(Context ctx) {
    LoginRequest request = JsonBodies.read(ctx, LoginRequest.class);
    try {
      if (request.username() == null || request.username().isBlank()) {
        throw new DomainException.InvalidInput("username is required");
      }
      IssuedToken token =
          auth.login(
              request.username(),
              Passwords.require(request.password(), "password"),
              request.totpCode(),
              ctx.ip());
      JsonBodies.write(ctx, 200, SessionController.TokenView.of(token));
    } finally {
      Passwords.wipe(request.password());
    }
  }

  /** The verified claims of the presented token. */
  void tokenInfo(Context ctx) {
    JsonBodies.write(ctx, 200, TokenInfoView.of(auth.tokenInfo(BearerAuth.requireToken(ctx))));
  }

  /** Revokes the presented token at the identity service. */
  void logout(Context ctx) {
    auth.logout(BearerAuth.requireToken(ctx), ctx.ip());
    JsonBodies.write(ctx, 200, StatusView.OK);
  }

  record LoginRequest(String username, char[] password, String totpCode) {
    @Override
    public String toString() {
      return "LoginRequest[username=" + username + "]";
    }
  }

  record TokenInfoView(
      String sub,
      String username,
      List<String> roles,
      String accountType,
      Instant expiresAt,
      boolean isAdmin) {
    static TokenInfoView of(TokenClaims c) {
      return new TokenInfoView(
          c.accountId().toString(),
          c.username(),
          AccountController.roleNames(c.roles()),
          c.accountType().wireName(),
          c.expiresAt(),
          c.roles().contains(Role.ADMIN));
    }
  }
}
