package dev.metacircular.web.fleet;

import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.delegation.in.DelegatedAuthenticationUseCase;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.TokenClaims;
import dev.metacircular.web.common.PageRequest;
import dev.metacircular.web.common.SignedIn;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Signing in to the master's pages: username, password and (when the account has TOTP) the code,
 * sent to the identity service through {@link DelegatedAuthenticationUseCase} for the master's own
 * audience ({@code [mcias] service_name}), so the token is one the master accepts and no other
 * service's token can be replayed here. The token stays in the server-side session, which is a new
 * one from then on; logout revokes it at the identity service and ends the session.
 */
final class LoginPages {
  private final DelegatedAuthenticationUseCase auth;

  LoginPages(DelegatedAuthenticationUseCase auth) {
    this.auth = auth;
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
    request.render("fleet/login", model(""));
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
      request.renderRefusal("fleet/login", refused, model(username));
      return;
    } finally {
      Arrays.fill(password, '\0');
    }
    TokenClaims claims = auth.tokenInfo(token.token());
    Set<String> roles =
        claims.roles().stream().map(Role::wireName).collect(Collectors.toUnmodifiableSet());
    request.signIn(new SignedIn(token.token(), claims.username(), roles, token.expiresAt()));
    request.redirect("/fleet");
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
                // Already invalid or the identity service refuses: the session ends either way.
              }
            });
    request.endSession();
    request.redirect("/login");
  }

  private static Map<String, Object> model(String username) {
    return Map.of("username", username, "title", "Log in");
  }
}
