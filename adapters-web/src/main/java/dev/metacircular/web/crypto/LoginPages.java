package dev.metacircular.web.crypto;

import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.delegation.in.DelegatedAuthenticationUseCase;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.TokenClaims;
import dev.metacircular.web.common.PageRequest;
import dev.metacircular.web.common.SignedIn;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Login and logout. The login form sends the username, password and optional TOTP code to the
 * identity service through {@link DelegatedAuthenticationUseCase} (the direct credentials form of
 * the reference, used when SSO is not configured); the token it returns is kept in the server-side
 * session only, and a fresh session is started for it. Logout revokes the token at the identity
 * service and ends the session.
 *
 * <p>SSO: when {@code ssoStart} is set, the login page also offers "Sign in with MCIAS" linking
 * there; the SSO routes that finish such a login call {@link PageRequest#signIn} the same way.
 */
final class LoginPages {
  private final DelegatedAuthenticationUseCase auth;
  private final String ssoStart;

  LoginPages(DelegatedAuthenticationUseCase auth, String ssoStart) {
    this.auth = auth;
    this.ssoStart = ssoStart;
  }

  void form(PageRequest request) {
    if (request.signedIn().isPresent()) {
      request.redirect("/dashboard");
      return;
    }
    request.render("crypto/login", model(""));
  }

  void login(PageRequest request) {
    String username = request.form().text("username");
    String totp = request.form().text("totp_code");
    char[] password = request.form().secret("password");
    IssuedToken token;
    try {
      if (username.isEmpty()) {
        throw new DomainException.InvalidInput("username is required");
      }
      if (password.length == 0) {
        throw new DomainException.InvalidInput("password is required");
      }
      token = auth.login(username, password, totp.isEmpty() ? null : totp, request.ip());
    } catch (DomainException refused) {
      request.renderRefusal("crypto/login", refused, model(username));
      return;
    } finally {
      Arrays.fill(password, '\0');
    }
    TokenClaims claims = auth.tokenInfo(token.token());
    Set<String> roles =
        claims.roles().stream().map(Role::wireName).collect(Collectors.toUnmodifiableSet());
    request.signIn(new SignedIn(token.token(), claims.username(), roles, token.expiresAt()));
    request.redirect("/dashboard");
  }

  /** {@code POST /logout}: revokes the token (best effort) and ends the session in any case. */
  void logout(PageRequest request) {
    request
        .signedIn()
        .ifPresent(
            who -> {
              try {
                auth.logout(who.token(), request.ip());
              } catch (DomainException ignored) {
                // Already invalid, or the service is sealed: the session ends below either way.
              }
            });
    request.endSession();
    request.redirect("/login");
  }

  private Map<String, Object> model(String username) {
    Map<String, Object> model = new HashMap<>();
    model.put("username", username);
    model.put("ssoStart", ssoStart);
    model.put("title", "Log in");
    return model;
  }
}
