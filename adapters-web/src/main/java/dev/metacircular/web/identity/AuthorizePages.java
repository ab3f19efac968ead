package dev.metacircular.web.identity;

import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.AuthorizationGrant;
import dev.metacircular.ports.identity.SsoClient;
import dev.metacircular.ports.identity.in.AuthorizationRequest;
import dev.metacircular.web.common.PageRequest;
import dev.metacircular.web.common.SignedIn;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /sso/authorize}: a registered client sends the browser here; the person signs in
 * (password and TOTP, or a passkey) or, when already signed in, confirms; the browser then goes
 * back to the client's registered redirect URI with {@code code} and {@code state}.
 *
 * <p>The client and redirect URI are checked first, on every step: an unknown client or an
 * unregistered URI (exact match only) is an error page, never a redirect. Signing in and
 * continuing are POSTs (CSRF-checked by the foundation), so a GET never issues a code. The way
 * back is a page that refreshes to the client, not an HTTP redirect: the CSP's {@code
 * form-action 'self'} would (rightly) stop a form submission from being redirected to another
 * origin.
 */
final class AuthorizePages {
  private static final String[] PARAMETERS = {
    "response_type", "client_id", "redirect_uri", "state", "code_challenge",
    "code_challenge_method"
  };

  private final IdentityWebApi api;
  private final SignInPages signIn;

  AuthorizePages(IdentityWebApi api, SignInPages signIn) {
    this.api = api;
    this.signIn = signIn;
  }

  void show(PageRequest request) {
    Map<String, String> params = new LinkedHashMap<>();
    for (String name : PARAMETERS) {
      params.put(name, request.query(name));
    }
    SsoClient client = checked(request, params);
    if (client == null) {
      return;
    }
    render(request, 200, params, client, null, false);
  }

  void signInAndAuthorize(PageRequest request) {
    Map<String, String> params = fromForm(request);
    SsoClient client = checked(request, params);
    if (client == null) {
      return;
    }
    try {
      signIn.signIn(request, api.login()::login);
    } catch (DomainException refused) {
      Map<String, Object> model = model(params, client);
      model.put("username", request.form().text("username"));
      model.put("totpRequired", "totp required".equals(refused.getMessage()));
      request.renderRefusal("identity/authorize", refused, model);
      return;
    }
    authorize(request, params, client);
  }

  void continueAsSignedIn(PageRequest request) {
    Map<String, String> params = fromForm(request);
    SsoClient client = checked(request, params);
    if (client == null) {
      return;
    }
    if (request.signedIn().isEmpty()) {
      render(request, 401, params, client, "sign in first", false);
      return;
    }
    authorize(request, params, client);
  }

  private void authorize(PageRequest request, Map<String, String> params, SsoClient client) {
    SignedIn who = request.signedIn().orElseThrow();
    AuthorizationGrant grant;
    try {
      Caller caller = api.tokens().authenticate(who.token(), request.ip());
      grant = api.sso().authorize(caller, toRequest(params));
    } catch (DomainException refused) {
      Map<String, Object> model = model(params, client);
      model.put("username", who.username());
      request.renderRefusal("identity/authorize", refused, model);
      return;
    }
    Map<String, Object> model = new HashMap<>();
    model.put("title", "Signing you in");
    model.put("location", grant.redirectLocation(params.get("state")));
    model.put("client", client.clientId());
    request.render("identity/sso-return", model);
  }

  /** The client, or null after rendering the error page (never a redirect). */
  private SsoClient checked(PageRequest request, Map<String, String> params) {
    try {
      SsoClient client = api.sso().checkClient(params.get("client_id"), params.get("redirect_uri"));
      toRequest(params).requireValidParameters();
      return client;
    } catch (DomainException refused) {
      Map<String, Object> model = new HashMap<>();
      model.put("title", "Sign-in request refused");
      model.put("error", refused.getMessage());
      request.render(400, "identity/sso-error", model);
      return null;
    }
  }

  private static AuthorizationRequest toRequest(Map<String, String> p) {
    return new AuthorizationRequest(
        p.get("client_id").isEmpty() ? null : p.get("client_id"),
        p.get("redirect_uri").isEmpty() ? null : p.get("redirect_uri"),
        p.get("response_type"), p.get("code_challenge"), p.get("code_challenge_method"));
  }

  private static Map<String, String> fromForm(PageRequest request) {
    Map<String, String> params = new LinkedHashMap<>();
    for (String name : PARAMETERS) {
      params.put(name, request.form().text(name));
    }
    return params;
  }

  private void render(PageRequest request, int status, Map<String, String> params,
      SsoClient client, String error, boolean totpRequired) {
    Map<String, Object> model = model(params, client);
    model.put("error", error);
    model.put("totpRequired", totpRequired);
    request.render(status, "identity/authorize", model);
  }

  private static Map<String, Object> model(Map<String, String> params, SsoClient client) {
    Map<String, Object> model = SignInPages.model("");
    model.put("title", "Sign in to " + client.serviceName());
    model.put("client", client.serviceName());
    model.put("params", params);
    StringBuilder self = new StringBuilder("/sso/authorize?");
    params.forEach((k, v) -> {
      if (!v.isEmpty()) {
        self.append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8))
            .append('&');
      }
    });
    model.put("self", self.substring(0, self.length() - 1));
    return model;
  }
}
