package dev.metacircular.web.fleet;

import dev.metacircular.ports.delegation.in.DelegatedAuthenticationUseCase;
import dev.metacircular.web.common.DelegatedSignIn;
import dev.metacircular.web.common.PageRequest;
import java.util.Map;

/**
 * Signing in to the master's pages: username, password and (when the account has TOTP) the code,
 * sent to the identity service for the master's own audience ({@code [mcias] service_name}; see
 * {@link DelegatedSignIn}), so the token is one the master accepts and no other service's token can
 * be replayed here. The token stays in the server-side session, which is a new one from then on;
 * logout revokes it at the identity service and ends the session.
 */
final class LoginPages {
  private final DelegatedSignIn signIn;

  LoginPages(DelegatedAuthenticationUseCase auth) {
    this.signIn = new DelegatedSignIn(auth);
  }

  /** {@code GET /}: the fleet when signed in, else the login form. */
  void start(PageRequest request) {
    request.redirect(request.signedIn().isPresent() ? "/fleet" : "/login");
  }

  void form(PageRequest request) {
    if (request.signedIn().isPresent()) {
      request.redirect("/fleet");
      return;
    }
    request.render("fleet/login", Map.of("username", "", "title", "Log in"));
  }

  void login(PageRequest request) {
    if (signIn.signIn(request, "fleet/login", Map.of("title", "Log in"))) {
      request.redirect("/fleet");
    }
  }

  void logout(PageRequest request) {
    signIn.signOut(request);
  }
}
