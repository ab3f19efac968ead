package dev.metacircular.web.identity;

import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.AuthorizationGrant;
import dev.metacircular.ports.identity.SsoClient;
import dev.metacircular.ports.identity.in.AuthorizationRequest;
import dev.metacircular.ports.identity.in.SsoUseCase;
import dev.metacircular.web.common.PageRequest;
import dev.metacircular.web.common.WebRoutes;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /sso/authorize}: a registered client sends the browser here; the person signs in through
 * the same {@link LoginFlow} as on {@code /login} (password, then the TOTP code when the account
 * has one), or with a passkey, or, when already signed in, confirms; the browser then goes back to
 * the client's registered redirect URI with {@code code} and {@code state}.
 *
 * <p>The client and redirect URI are checked first, on every step: an unknown client or an
 * unregistered URI (exact match only) is an error page, never a redirect. The password, the code
 * and "continue" are POSTs (CSRF-checked by the foundation) that carry the request's parameters as
 * hidden fields, so a GET never issues a code. The way back is a page that refreshes to the client,
 * not an HTTP redirect: the CSP's {@code form-action 'self'} would (rightly) stop a form submission
 * from being redirected to another origin.
 */
final class AuthorizePages {
  private static final String[] PARAMETERS = {
    "response_type", "client_id", "redirect_uri", "state", "code_challenge", "code_challenge_method"
  };

  private final SsoUseCase sso;
  private final LoginFlow flow;
  private final CallerPages callers;

  AuthorizePages(SsoUseCase sso, LoginFlow flow, CallerPages callers) {
    this.sso = sso;
    this.flow = flow;
    this.callers = callers;
  }

  void register(WebRoutes web) {
    web.get("/sso/authorize", this::show);
    web.post("/sso/authorize", this::password);
    web.post("/sso/authorize/totp", this::code);
    web.post("/sso/authorize/continue", this::continueAsSignedIn);
  }

  private void show(PageRequest r) {
    Map<String, String> params = new LinkedHashMap<>();
    for (String name : PARAMETERS) {
      params.put(name, r.query(name));
    }
    SsoClient client = checked(r, params);
    if (client == null) {
      return;
    }
    // Drops a session whose token no longer validates, so "continue as" is offered only to a
    // session that can still continue.
    callers.caller(r);
    r.render("identity/authorize", model(params, client, ""));
  }

  private void password(PageRequest r) {
    Map<String, String> params = fromForm(r);
    SsoClient client = checked(r, params);
    if (client == null) {
      return;
    }
    String username = r.form().text("username");
    char[] password = r.form().secret("password");
    LoginFlow.Step step;
    try {
      step =
          flow.password(
              r, username, password, new LoginFlow.Continuation(null, List.of(), self(params)));
    } catch (DomainException refused) {
      r.renderRefusal("identity/authorize", refused, model(params, client, username));
      return;
    } finally {
      Arrays.fill(password, '\0');
    }
    if (step instanceof LoginFlow.Step.CodeRequired needed) {
      r.render("identity/login-totp", codeModel(needed.username(), params));
      return;
    }
    authorize(r, params, client);
  }

  private void code(PageRequest r) {
    Map<String, String> params = fromForm(r);
    SsoClient client = checked(r, params);
    if (client == null) {
      return;
    }
    try {
      flow.code(r, r.form().text("code"));
    } catch (DomainException refused) {
      Optional<LoginFlow.PendingLogin> pending = flow.pending(r);
      if (pending.isEmpty()) {
        r.renderRefusal("identity/authorize", refused, model(params, client, ""));
      } else {
        r.renderRefusal(
            "identity/login-totp", refused, codeModel(pending.get().username(), params));
      }
      return;
    }
    authorize(r, params, client);
  }

  private void continueAsSignedIn(PageRequest r) {
    Map<String, String> params = fromForm(r);
    SsoClient client = checked(r, params);
    if (client == null) {
      return;
    }
    authorize(r, params, client);
  }

  /** Issues the code for the signed-in session and sends the browser back to the client. */
  private void authorize(PageRequest r, Map<String, String> params, SsoClient client) {
    Optional<Caller> caller = callers.caller(r);
    if (caller.isEmpty()) {
      r.renderRefusal(
          "identity/authorize",
          new DomainException.Unauthenticated("sign in first"),
          model(params, client, ""));
      return;
    }
    AuthorizationGrant grant;
    try {
      grant = sso.authorize(caller.get(), toRequest(params));
    } catch (DomainException refused) {
      r.renderRefusal("identity/authorize", refused, model(params, client, caller.get().name()));
      return;
    }
    Map<String, Object> model = new HashMap<>();
    model.put("title", "Signing you in");
    model.put("location", grant.redirectLocation(params.get("state")));
    model.put("client", client.clientId());
    r.render("identity/sso-return", model);
  }

  /** The client, or null after rendering the error page (never a redirect). */
  private SsoClient checked(PageRequest r, Map<String, String> params) {
    try {
      SsoClient client = sso.checkClient(params.get("client_id"), params.get("redirect_uri"));
      toRequest(params).requireValidParameters();
      return client;
    } catch (DomainException refused) {
      Map<String, Object> model = new HashMap<>();
      model.put("title", "Sign-in request refused");
      model.put("error", refused.getMessage());
      r.render(400, "identity/sso-error", model);
      return null;
    }
  }

  private static AuthorizationRequest toRequest(Map<String, String> p) {
    return new AuthorizationRequest(
        p.get("client_id").isEmpty() ? null : p.get("client_id"),
        p.get("redirect_uri").isEmpty() ? null : p.get("redirect_uri"),
        p.get("response_type"),
        p.get("code_challenge"),
        p.get("code_challenge_method"));
  }

  private static Map<String, String> fromForm(PageRequest r) {
    Map<String, String> params = new LinkedHashMap<>();
    for (String name : PARAMETERS) {
      params.put(name, r.form().text(name));
    }
    return params;
  }

  /** This page's own address for {@code params}: where a passkey sign-in or "start again" lead. */
  private static String self(Map<String, String> params) {
    StringBuilder self = new StringBuilder("/sso/authorize?");
    params.forEach(
        (k, v) -> {
          if (!v.isEmpty()) {
            self.append(k)
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8))
                .append('&');
          }
        });
    return self.substring(0, self.length() - 1);
  }

  private static Map<String, Object> codeModel(String username, Map<String, String> params) {
    return LoginPages.codeModel(username, "/sso/authorize/totp", params, self(params));
  }

  private static Map<String, Object> model(
      Map<String, String> params, SsoClient client, String username) {
    Map<String, Object> model = new HashMap<>();
    model.put("title", "Sign in to " + client.serviceName());
    model.put("client", client.serviceName());
    model.put("params", params);
    model.put("username", username);
    model.put("passkeyNext", self(params));
    return model;
  }
}
