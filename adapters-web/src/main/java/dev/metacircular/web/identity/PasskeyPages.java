package dev.metacircular.web.identity;

import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.Passkey;
import dev.metacircular.ports.identity.PasskeyChallenge;
import dev.metacircular.web.common.PageRequest;
import dev.metacircular.web.common.SignedIn;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The profile page (the caller's passkeys: register, list, remove) and passkey sign-in. The
 * WebAuthn ceremonies run in {@code /static/passkeys.js}: it posts (with the CSRF header, as a
 * form) to the {@code start} endpoints, which answer the core's options JSON, calls the browser's
 * WebAuthn API, and posts the credential JSON to the {@code finish} endpoints, which answer
 * {@code {"redirect": "..."}} or {@code {"error": "..."}} with the refusal's status.
 */
final class PasskeyPages {
  private final IdentityWebApi api;
  private final SignInPages signIn;

  PasskeyPages(IdentityWebApi api) {
    this.api = api;
    this.signIn = new SignInPages(api);
  }

  void profile(PageRequest request) {
    SignedIn who = request.signedIn().orElse(null);
    if (who == null) {
      request.redirect("/login");
      return;
    }
    Caller caller = caller(request, who);
    List<Passkey> passkeys = api.passkeys().list(caller, caller.accountId());
    Map<String, Object> model = new HashMap<>();
    model.put("title", "Profile");
    model.put("passkeys", passkeys);
    request.render("identity/profile", model);
  }

  void startRegistration(PageRequest request) {
    json(request, () -> {
      Caller caller = caller(request, signedIn(request));
      return options(api.passkeys().startRegistration(caller));
    });
  }

  void finishRegistration(PageRequest request) {
    json(request, () -> {
      Caller caller = caller(request, signedIn(request));
      Passkey p = api.passkeys().finishRegistration(caller, request.form().text("request_id"),
          request.form().text("credential"), request.form().text("name"));
      request.session().flash(dev.metacircular.web.common.Flash.Kind.SUCCESS,
          "Passkey \"" + p.name() + "\" registered");
      return "{\"redirect\":\"/profile\"}";
    });
  }

  void remove(PageRequest request) {
    SignedIn who = signedIn(request);
    Caller caller = caller(request, who);
    api.passkeys().remove(caller, caller.accountId(), request.pathParam("id"));
    request.redirect("/profile", dev.metacircular.web.common.Flash.Kind.SUCCESS,
        "Passkey removed");
  }

  void startLogin(PageRequest request) {
    json(request, () -> {
      String username = request.form().text("username");
      return options(api.passkeys().startLogin(username.isEmpty() ? null : username,
          request.ip()));
    });
  }

  void finishLogin(PageRequest request) {
    json(request, () -> {
      IssuedToken token = api.passkeys().finishLogin(request.form().text("request_id"),
          request.form().text("credential"), null, request.ip());
      signIn.signIn(request, token);
      String next = request.form().text("next");
      // Only the SSO page may be the next stop, and only on this server.
      return "{\"redirect\":\"" + (next.startsWith("/sso/authorize?") ? jsonEscape(next)
          : "/profile") + "\"}";
    });
  }

  private static String options(PasskeyChallenge c) {
    return "{\"request_id\":\"" + c.requestId() + "\",\"options\":" + c.optionsJson() + "}";
  }

  private interface JsonAnswer {
    String answer();
  }

  /** Answers JSON; a refusal is {@code {"error": message}} with its status. */
  private static void json(PageRequest request, JsonAnswer work) {
    String body;
    int status = 200;
    try {
      body = work.answer();
    } catch (DomainException refused) {
      status = dev.metacircular.web.common.PageErrors.status(refused);
      body = "{\"error\":\"" + jsonEscape(refused.getMessage()) + "\"}";
    }
    request.ctx().status(status).contentType("application/json").result(body);
  }

  static String jsonEscape(String s) {
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

  private static SignedIn signedIn(PageRequest request) {
    return request.signedIn()
        .orElseThrow(() -> new DomainException.Unauthenticated("sign in first"));
  }

  private Caller caller(PageRequest request, SignedIn who) {
    return api.tokens().authenticate(who.token(), request.ip());
  }
}
