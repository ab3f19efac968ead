package dev.metacircular.web.identity;

import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.in.TokenValidationUseCase;
import dev.metacircular.web.common.Flash;
import dev.metacircular.web.common.PageHandler;
import dev.metacircular.web.common.PageRequest;
import dev.metacircular.web.common.SignedIn;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Turns a session into the {@link Caller} the ports expect, on every request: the session's token
 * is validated again each time (so a revoked token, a disabled account or changed roles take effect
 * at once), and a session whose token no longer validates is signed out and sent to the login page.
 * Admin pages also refuse a non-admin caller with 403 before any port is called; the core checks
 * again behind every call.
 */
final class CallerPages {
  /** A page that needs whom the session is signed in as. */
  @FunctionalInterface
  interface CallerHandler {
    void handle(PageRequest request, Caller caller) throws Exception;
  }

  static final String ADMIN_ONLY = "this page is for administrators";

  private final TokenValidationUseCase tokens;

  CallerPages(TokenValidationUseCase tokens) {
    this.tokens = tokens;
  }

  /** The caller this session stands for, if it is signed in with a token that still validates. */
  Optional<Caller> caller(PageRequest r) {
    Optional<SignedIn> who = r.signedIn();
    if (who.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(tokens.authenticate(who.get().token(), r.ip()));
    } catch (DomainException.Unauthenticated e) {
      r.session().signOut();
      r.session().flash(Flash.Kind.ERROR, "your session has ended; sign in again");
      return Optional.empty();
    }
  }

  /** Runs {@code page} for a signed-in caller; anyone else goes to the login page. */
  PageHandler signedIn(CallerHandler page) {
    return r -> {
      Optional<Caller> caller = caller(r);
      if (caller.isEmpty()) {
        toLogin(r);
        return;
      }
      page.handle(r, caller.get());
    };
  }

  /**
   * Runs {@code page} for an admin; other signed-in callers get 403. The core decides (and audits
   * the refusal, naming the page); the page shows its own message.
   */
  PageHandler admin(CallerHandler page) {
    return signedIn(
        (r, caller) -> {
          try {
            tokens.requireAdmin(caller, r.ctx().method().name() + " " + r.ctx().path());
          } catch (DomainException.Forbidden refused) {
            throw new DomainException.Forbidden(ADMIN_ONLY);
          }
          page.handle(r, caller);
        });
  }

  private static void toLogin(PageRequest r) {
    if ("GET".equals(r.ctx().method().name())) {
      String here = r.ctx().path();
      String query = r.ctx().queryString();
      if (query != null && !query.isEmpty()) {
        here = here + "?" + query;
      }
      r.redirect("/login?next=" + URLEncoder.encode(here, StandardCharsets.UTF_8));
    } else {
      r.redirect("/login");
    }
  }
}
