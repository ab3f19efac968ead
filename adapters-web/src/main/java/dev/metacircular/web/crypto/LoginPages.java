package dev.metacircular.web.crypto;

import dev.metacircular.ports.delegation.in.DelegatedAuthenticationUseCase;
import dev.metacircular.web.common.DelegatedSignIn;
import dev.metacircular.web.common.PageRequest;
import java.util.HashMap;
import java.util.Map;

/**
 * Login and logout. The login form sends the username, password and optional TOTP code to the
 * identity service through {@link DelegatedAuthenticationUseCase} (the direct credentials form of
 * the reference, used when SSO is not configured; see {@link DelegatedSignIn}); the token it
 * returns is kept in the server-side session only, and a fresh session is started for it. Logout
 * revokes the token at the identity service and ends the session.
 *
 * <p>SSO: when {@code ssoStart} is set, the login page also offers "Sign in with MCIAS" linking
 * there; the SSO routes that finish such a login call {@link PageRequest#signIn} the same way.
 */
final class LoginPages {
  private final DelegatedSignIn signIn;
  private final String ssoStart;

  LoginPages(DelegatedAuthenticationUseCase auth, String ssoStart) {
    this.signIn = new DelegatedSignIn(auth);
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
    if (signIn.signIn(request, "crypto/login", model(""))) {
      request.redirect("/dashboard");
    }
  }

  /** {@code POST /logout}: revokes the token (best effort) and ends the session in any case. */
  void logout(PageRequest request) {
    signIn.signOut(request);
  }

  private Map<String, Object> model(String username) {
    Map<String, Object> model = new HashMap<>();
    model.put("username", username);
    model.put("ssoStart", ssoStart);
    model.put("title", "Log in");
    return model;
  }
}
