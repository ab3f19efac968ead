package dev.metacircular.web.identity;

import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.in.SessionUseCase;
import dev.metacircular.web.common.PageRequest;
import dev.metacircular.web.common.SignedIn;
import dev.metacircular.web.common.WebRoutes;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The login pages over {@link LoginFlow}: username and password, then the TOTP code when the
 * account has one, or "Sign in with a passkey" (see {@link PasskeyPages}); and logout, which
 * revokes the session's token and ends the session. A refused login shows the login form again with
 * the port's own words ("invalid credentials", "account locked", "too many login attempts", "login
 * denied by policy") and the REST API's status.
 */
final class LoginPages {
  static final String HOME = "/profile";

  private final LoginFlow flow;
  private final SessionUseCase sessions;
  private final CallerPages callers;

  LoginPages(LoginFlow flow, SessionUseCase sessions, CallerPages callers) {
    this.flow = flow;
    this.sessions = sessions;
    this.callers = callers;
  }

  void register(WebRoutes web) {
    web.get("/", r -> r.redirect(callers.caller(r).isPresent() ? HOME : "/login"));
    web.get("/login", this::loginPage);
    web.post("/login", this::password);
    web.get("/login/totp", this::codePage);
    web.post("/login/totp", this::code);
    web.post(
        "/login/cancel",
        r -> {
          // The SSO page's code step starts again on its own page; anything else on /login.
          flow.abandon(r);
          r.redirect(LocalPath.orElse(r.form().text("back"), "/login"));
        });
    web.post("/logout", this::logout);
  }

  private void loginPage(PageRequest r) {
    String next = LocalPath.orElse(r.query("next"), HOME);
    if (callers.caller(r).isPresent()) {
      r.redirect(next);
      return;
    }
    r.render("identity/login", loginModel("", next));
  }

  private void password(PageRequest r) {
    String username = r.form().text("username");
    String next = LocalPath.orElse(r.form().text("next"), HOME);
    char[] password = r.form().secret("password");
    try {
      LoginFlow.Step step =
          flow.password(r, username, password, new LoginFlow.Continuation(null, List.of(), next));
      follow(r, step);
    } catch (DomainException refused) {
      r.renderRefusal("identity/login", refused, loginModel(username, next));
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  private void codePage(PageRequest r) {
    Optional<LoginFlow.PendingLogin> pending = flow.pending(r);
    if (pending.isEmpty()) {
      r.redirect("/login");
      return;
    }
    r.render("identity/login-totp", codeModel(pending.get().username()));
  }

  private void code(PageRequest r) {
    try {
      follow(r, flow.code(r, r.form().text("code")));
    } catch (DomainException refused) {
      Optional<LoginFlow.PendingLogin> pending = flow.pending(r);
      if (pending.isEmpty()) {
        r.renderRefusal("identity/login", refused, loginModel("", HOME));
      } else {
        r.renderRefusal("identity/login-totp", refused, codeModel(pending.get().username()));
      }
    }
  }

  private void logout(PageRequest r) {
    Optional<SignedIn> who = r.signedIn();
    if (who.isPresent()) {
      try {
        sessions.logout(who.get().token(), r.ip());
      } catch (DomainException.Unauthenticated alreadyInvalid) {
        // The token had already been revoked or had expired: the session still ends.
      }
    }
    flow.abandon(r);
    r.endSession();
    r.redirect("/login");
  }

  private static void follow(PageRequest r, LoginFlow.Step step) {
    if (step instanceof LoginFlow.Step.Done done) {
      r.redirect(done.next());
    } else {
      r.redirect("/login/totp");
    }
  }

  private static Map<String, Object> loginModel(String username, String next) {
    Map<String, Object> model = new HashMap<>();
    model.put("title", "Sign in");
    model.put("username", username);
    model.put("next", next);
    model.put("passkeyNext", next);
    return model;
  }

  private static Map<String, Object> codeModel(String username) {
    return codeModel(username, "/login/totp", Map.of(), "/login");
  }

  /**
   * The TOTP step's page: the code goes to {@code action} with the hidden {@code fields}; "start
   * again" drops the pending login and goes {@code back}.
   */
  static Map<String, Object> codeModel(
      String username, String action, Map<String, String> fields, String back) {
    Map<String, Object> model = new HashMap<>();
    model.put("title", "Two-factor code");
    model.put("username", username);
    model.put("action", action);
    model.put("fields", fields);
    model.put("back", back);
    return model;
  }
}
