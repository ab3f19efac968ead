package dev.metacircular.web.identity;

import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.Role;
import dev.metacircular.ports.identity.TokenClaims;
import dev.metacircular.ports.identity.TokenValidation;
import dev.metacircular.ports.identity.in.LoginCommand;
import dev.metacircular.web.common.PageRequest;
import dev.metacircular.web.common.SignedIn;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Sign-in to the identity service itself: username and password, with the TOTP code when the
 * account has TOTP ("totp required" re-shows the form asking for it), or a passkey (see {@link
 * PasskeyPages}). The token is kept in the server-side session only. Logout revokes it.
 */
final class SignInPages {
  private final IdentityWebApi api;

  SignInPages(IdentityWebApi api) {
    this.api = api;
  }

  void form(PageRequest request) {
    if (request.signedIn().isPresent()) {
      request.redirect("/profile");
      return;
    }
    request.render("identity/login", model(""));
  }

  void login(PageRequest request) {
    try {
      signIn(request, api.login()::login);
    } catch (DomainException refused) {
      Map<String, Object> model = model(request.form().text("username"));
      model.put("totpRequired", "totp required".equals(refused.getMessage()));
      request.renderRefusal("identity/login", refused, model);
      return;
    }
    request.redirect("/profile");
  }

  /** The login call, so the SSO page can sign in the same way. */
  interface Login {
    IssuedToken login(LoginCommand command);
  }

  /** Reads the form, logs in, and signs the session in; throws the core's refusals. */
  void signIn(PageRequest request, Login login) {
    String username = request.form().text("username");
    String totp = request.form().text("totp_code");
    char[] password = request.form().secret("password");
    IssuedToken token;
    try {
      if (username.isEmpty()) {
        throw new DomainException.InvalidInput("username is required");
      }
      token = login.login(new LoginCommand(username, password, totp.isEmpty() ? null : totp,
          null, null, request.ip()));
    } finally {
      Arrays.fill(password, '\0');
    }
    signIn(request, token);
  }

  /** Signs the session in with a token the core just issued. */
  void signIn(PageRequest request, IssuedToken token) {
    if (!(api.tokens().validate(token.token()) instanceof TokenValidation.Valid valid)) {
      throw new DomainException.Unauthenticated("invalid credentials");
    }
    TokenClaims claims = valid.claims();
    Set<String> roles =
        claims.roles().stream().map(Role::wireName).collect(Collectors.toUnmodifiableSet());
    request.signIn(new SignedIn(token.token(), claims.username(), roles, token.expiresAt()));
  }

  void logout(PageRequest request) {
    request.signedIn().ifPresent(who -> {
      try {
        api.sessions().logout(who.token(), request.ip());
      } catch (DomainException ignored) {
        // Already revoked or expired: the session ends below either way.
      }
    });
    request.endSession();
    request.redirect("/login");
  }

  static Map<String, Object> model(String username) {
    Map<String, Object> model = new HashMap<>();
    model.put("username", username);
    model.put("title", "Sign in");
    model.put("totpRequired", false);
    return model;
  }
}
