package dev.metacircular.rest;

import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.in.LoginCommand;
import dev.metacircular.ports.identity.in.LoginUseCase;
import dev.metacircular.ports.identity.in.SessionUseCase;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;

/** Login, logout and renewal. */
final class SessionController {
  private final LoginUseCase login;
  private final SessionUseCase sessions;

  SessionController(LoginUseCase login, SessionUseCase sessions) {
    this.login = login;
    this.sessions = sessions;
  }

  void login(Context ctx) {
    LoginRequest request = JsonBodies.read(ctx, LoginRequest.class);
    try {
      IssuedToken token =
          login.login(
              new LoginCommand(
                  request.username(),
                  request.password(),
                  request.totpCode(),
                  request.serviceName(),
                  request.tags(),
                  ctx.ip(),
                  request.recoveryCode()));
      JsonBodies.write(ctx, 200, TokenView.of(token));
    } finally {
      Passwords.wipe(request.password());
    }
  }

  void logout(Context ctx) {
    sessions.logout(BearerAuth.requireToken(ctx), ctx.ip());
    JsonBodies.write(ctx, 200, StatusView.OK);
  }

  void renew(Context ctx) {
    IssuedToken renewed = sessions.renew(BearerAuth.requireToken(ctx), ctx.ip());
    JsonBodies.write(ctx, 200, TokenView.of(renewed));
  }

  record LoginRequest(
      String username,
      char[] password,
      String totpCode,
      String serviceName,
      List<String> tags,
      String recoveryCode) {
    @Override
    public String toString() {
      return "LoginRequest[username=" + username + "]";
    }
  }

  record TokenView(String token, Instant expiresAt) {
    static TokenView of(IssuedToken token) {
      return new TokenView(token.token(), token.expiresAt());
    }

    @Override
    public String toString() {
      return "TokenView[expiresAt=" + expiresAt + "]";
    }
  }
}
