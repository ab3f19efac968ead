package dev.metacircular.web.common;

import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.delegation.in.DelegatedAuthenticationUseCase;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.TokenClaims;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Signing in to the pages of a service that delegates authentication to the identity service (the
 * crypto service, the control plane's master): the direct credentials form (username, password,
 * TOTP code when the account has one) sent through {@link DelegatedAuthenticationUseCase}, so the
 * token is issued for this service's own audience; the token kept in the server-side session only,
 * on a fresh session; every signed-in page authenticating that token again; logout revoking it.
 */
public final class DelegatedSignIn {
  private final DelegatedAuthenticationUseCase auth;

  public DelegatedSignIn(DelegatedAuthenticationUseCase auth) {
    this.auth = auth;
  }

  /**
   * {@code POST /login}: true when the session is signed in (the caller then redirects); false when
   * the form {@code template} was rendered again with the refusal, the status of the REST API, and
   * {@code model} with the username typed. The password is wiped in any case.
   */
  public boolean signIn(PageRequest request, String template, Map<String, Object> model) {
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
      Map<String, Object> full = new HashMap<>(model);
      full.put("username", username);
      request.renderRefusal(template, refused, full);
      return false;
    } finally {
      Arrays.fill(password, '\0');
    }
    TokenClaims claims = auth.tokenInfo(token.token());
    Set<String> roles =
        claims.roles().stream().map(Role::wireName).collect(Collectors.toUnmodifiableSet());
    request.signIn(new SignedIn(token.token(), claims.username(), roles, token.expiresAt()));
    return true;
  }

  /**
   * {@code POST /logout}: revokes the token at the identity service (best effort), ends the session
   * in any case, and sends the browser to {@code /login}.
   */
  public void signOut(PageRequest request) {
    request
        .signedIn()
        .ifPresent(
            who -> {
              try {
                auth.logout(who.token(), request.ip());
              } catch (DomainException ignored) {
                // Already invalid, or the service cannot ask now: the session ends below either
                // way.
              }
            });
    request.endSession();
    request.redirect("/login");
  }

  /**
   * The caller the signed-in session's token stands for, authenticated again now (so a revoked
   * token or changed roles take effect on the next page); empty after answering the request: to
   * {@code /login} without a sign-in, or with a message (and the sign-in ended) when the identity
   * service refuses the token.
   */
  public Optional<Caller> caller(PageRequest request) {
    Optional<SignedIn> who = request.signedIn();
    if (who.isEmpty()) {
      request.redirect("/login");
      return Optional.empty();
    }
    try {
      return Optional.of(auth.authenticate(who.get().token(), request.ip()));
    } catch (DomainException.Unauthenticated e) {
      request.session().signOut();
      request.redirect(
          "/login", Flash.Kind.ERROR, "Your sign-in is no longer valid; log in again.");
      return Optional.empty();
    }
  }
}
