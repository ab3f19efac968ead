package dev.metacircular.web.identity;

import dev.metacircular.http.HttpStatuses;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.Passkey;
import dev.metacircular.ports.identity.PasskeyChallenge;
import dev.metacircular.ports.identity.in.PasskeyUseCase;
import dev.metacircular.web.common.Flash;
import dev.metacircular.web.common.PageRequest;
import dev.metacircular.web.common.WebRoutes;

/**
 * Passkeys: registration and removal on the profile page (whose list {@link ProfilePages} renders),
 * and sign-in on the login and SSO pages. The WebAuthn ceremonies run in {@code
 * /static/passkeys.js}: it posts (with the CSRF header, as a form) to the {@code start} endpoints,
 * which answer the core's options JSON, calls the browser's WebAuthn API, and posts the credential
 * JSON to the {@code finish} endpoints, which answer {@code {"redirect": "..."}} or {@code
 * {"error": "..."}} with the refusal's status. A passkey sign-in signs the session in through
 * {@link LoginFlow}, like a password login, and goes on to the same local {@code next}.
 */
final class PasskeyPages {
  private final PasskeyUseCase passkeys;
  private final LoginFlow flow;
  private final CallerPages callers;

  PasskeyPages(PasskeyUseCase passkeys, LoginFlow flow, CallerPages callers) {
    this.passkeys = passkeys;
    this.flow = flow;
    this.callers = callers;
  }

  void register(WebRoutes web) {
    web.post("/login/passkey/start", this::startLogin);
    web.post("/login/passkey/finish", this::finishLogin);
    web.post("/profile/passkeys/start", this::startRegistration);
    web.post("/profile/passkeys/finish", this::finishRegistration);
    web.post("/profile/passkeys/{id}/delete", callers.signedIn(this::remove));
  }

  private void startRegistration(PageRequest r) {
    json(r, () -> options(passkeys.startRegistration(caller(r))));
  }

  private void finishRegistration(PageRequest r) {
    json(
        r,
        () -> {
          Passkey p =
              passkeys.finishRegistration(
                  caller(r),
                  r.form().text("request_id"),
                  r.form().text("credential"),
                  r.form().text("name"));
          r.session().flash(Flash.Kind.SUCCESS, "Passkey \"" + p.name() + "\" registered");
          return "{\"redirect\":\"/profile\"}";
        });
  }

  private void remove(PageRequest r, Caller caller) {
    passkeys.remove(caller, caller.accountId(), r.pathParam("id"));
    r.redirect("/profile", Flash.Kind.SUCCESS, "Passkey removed");
  }

  private void startLogin(PageRequest r) {
    json(
        r,
        () -> {
          String username = r.form().text("username");
          return options(passkeys.startLogin(username.isEmpty() ? null : username, r.ip()));
        });
  }

  private void finishLogin(PageRequest r) {
    json(
        r,
        () -> {
          IssuedToken token =
              passkeys.finishLogin(
                  r.form().text("request_id"), r.form().text("credential"), null, r.ip());
          String next = LocalPath.orElse(r.form().text("next"), LoginPages.HOME);
          return "{\"redirect\":\"" + jsonEscape(flow.passkey(r, token, next).next()) + "\"}";
        });
  }

  /** The JSON endpoints answer 401 as JSON rather than sending the script to the login page. */
  private Caller caller(PageRequest r) {
    return callers
        .caller(r)
        .orElseThrow(() -> new DomainException.Unauthenticated("sign in first"));
  }

  private static String options(PasskeyChallenge c) {
    return "{\"request_id\":\"" + c.requestId() + "\",\"options\":" + c.optionsJson() + "}";
  }

  private interface JsonAnswer {
    String answer();
  }

  /** Answers JSON; a refusal is {@code {"error": message}} with its status. */
  private static void json(PageRequest r, JsonAnswer work) {
    String body;
    int status = 200;
    try {
      body = work.answer();
    } catch (DomainException refused) {
      status = HttpStatuses.of(refused);
      body = "{\"error\":\"" + jsonEscape(refused.getMessage()) + "\"}";
    }
    r.ctx().status(status).contentType("application/json").result(body);
  }

  private static String jsonEscape(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20 || c == '<' || c == '>' || c == '&') {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
