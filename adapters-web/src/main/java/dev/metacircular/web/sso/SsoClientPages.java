package dev.metacircular.web.sso;

import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.delegation.in.DelegatedAuthenticationUseCase;
import dev.metacircular.ports.delegation.out.SsoLogin;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.TokenClaims;
import dev.metacircular.web.common.PageRequest;
import dev.metacircular.web.common.SignedIn;
import io.javalin.http.HttpStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A service's side of "Sign in with MCIAS" (the reference's {@code mcdsl/sso} routes):
 *
 * <ul>
 *   <li>{@code GET /sso/redirect}: makes a random {@code state} and PKCE verifier, remembers the
 *       verifier under the state (server-side, 10 minutes, single use), puts the state in a cookie
 *       and sends the browser to the identity service's {@code /sso/authorize}.
 *   <li>{@code GET /sso/callback?code&state}: the state must equal the cookie's (so the callback
 *       belongs to a sign-in this browser started: no login CSRF) and be pending; then the code is
 *       exchanged (with the verifier) for a token, and the session signed in.
 * </ul>
 *
 * <p>The state cookie is {@code __Host-<service>_sso_state; Path=/; Secure; HttpOnly;
 * SameSite=Lax}. Lax, not Strict like the session cookie: the callback is a top-level navigation
 * coming from the identity service's site, and browsers withhold Strict cookies on navigations that
 * another site started, so a Strict state cookie would never arrive. Lax cookies are sent on
 * top-level GET navigations only, which is all the callback is; the cookie carries no authority of
 * its own (it only names a pending sign-in, which the state in the URL must match).
 *
 * <p>For the same reason the callback answers with a page that refreshes to {@code /dashboard}
 * instead of a redirect: a redirect would still be part of the cross-site navigation and the new
 * Strict session cookie would not be sent with it.
 */
public final class SsoClientPages {

  static final Duration PENDING_TTL = Duration.ofMinutes(10);
  static final int MAX_PENDING = 10_000;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

  private final SsoLogin sso;
  private final DelegatedAuthenticationUseCase auth;
  private final String cookieName;
  private final String landing;
  private final Map<String, Pending> pending = new LinkedHashMap<>();

  private record Pending(String verifier, Instant expiresAt) {}

  /**
   * @param serviceName names the state cookie ({@code __Host-<service>_sso_state})
   * @param landing where a signed-in browser goes (a path on this server)
   */
  public SsoClientPages(
      SsoLogin sso, DelegatedAuthenticationUseCase auth, String serviceName, String landing) {
    this.sso = Objects.requireNonNull(sso, "sso");
    this.auth = Objects.requireNonNull(auth, "auth");
    this.cookieName = "__Host-" + serviceName + "_sso_state";
    this.landing = Objects.requireNonNull(landing, "landing");
  }

  public void redirect(PageRequest request) {
    String state = random();
    String verifier = random();
    remember(state, new Pending(verifier, request.now().plus(PENDING_TTL)), request.now());
    request
        .ctx()
        .res()
        .addHeader(
            "Set-Cookie",
            cookieName
                + "="
                + state
                + "; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age="
                + PENDING_TTL.toSeconds());
    request
        .ctx()
        .redirect(sso.authorizationUrl(state, s256(verifier)).toString(), HttpStatus.SEE_OTHER);
  }

  public void callback(PageRequest request) {
    String state = request.query("state");
    String cookie = request.ctx().cookie(cookieName);
    // The state is single use whatever happens next.
    request
        .ctx()
        .res()
        .addHeader(
            "Set-Cookie", cookieName + "=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0");
    Pending flow = take(state, request.now());
    if (cookie == null
        || state.isEmpty()
        || flow == null
        || !MessageDigest.isEqual(
            cookie.getBytes(StandardCharsets.US_ASCII),
            state.getBytes(StandardCharsets.US_ASCII))) {
      error(request, 400, "This sign-in was not started here or has expired. Please try again.");
      return;
    }
    if (!request.query("error").isEmpty()) {
      error(request, 401, "The identity service did not sign you in.");
      return;
    }
    String code = request.query("code");
    IssuedToken token;
    TokenClaims claims;
    try {
      token = sso.exchange(code, flow.verifier());
      claims = auth.tokenInfo(token.token());
    } catch (DomainException refused) {
      error(
          request,
          refused instanceof DomainException.Unavailable ? 503 : 401,
          refused.getMessage());
      return;
    }
    Set<String> roles =
        claims.roles().stream().map(Role::wireName).collect(Collectors.toUnmodifiableSet());
    request.signIn(new SignedIn(token.token(), claims.username(), roles, token.expiresAt()));
    Map<String, Object> model = new HashMap<>();
    model.put("title", "Signed in");
    model.put("landing", landing);
    request.render("sso/return", model);
  }

  private void error(PageRequest request, int status, String message) {
    Map<String, Object> model = new HashMap<>();
    model.put("title", "Sign-in failed");
    model.put("error", message);
    request.render(status, "sso/error", model);
  }

  private synchronized void remember(String state, Pending flow, Instant now) {
    Iterator<Pending> it = pending.values().iterator();
    while (it.hasNext()) {
      if (!now.isBefore(it.next().expiresAt())) {
        it.remove();
      }
    }
    if (pending.size() >= MAX_PENDING) {
      // The oldest pending sign-in gives way: it is the likeliest to be abandoned.
      Iterator<String> oldest = pending.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
    pending.put(state, flow);
  }

  private synchronized Pending take(String state, Instant now) {
    Pending flow = pending.remove(state);
    return flow == null || !now.isBefore(flow.expiresAt()) ? null : flow;
  }

  private static String random() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return B64URL.encodeToString(b);
  }

  static String s256(String verifier) {
    try {
      return B64URL.encodeToString(
          MessageDigest.getInstance("SHA-256")
              .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
