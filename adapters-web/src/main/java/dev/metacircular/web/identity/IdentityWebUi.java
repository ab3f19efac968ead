package dev.metacircular.web.identity;

import dev.metacircular.web.common.WebRoutes;
import dev.metacircular.web.common.WebSettings;
import dev.metacircular.web.common.WebUi;
import io.javalin.config.JavalinConfig;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The identity service's (MCIAS's) pages, mounted on the server of its REST API: login (password,
 * then TOTP), logout, the profile, and the admin pages for accounts, roles, tokens, the login
 * policy and the audit log. Every page calls the same inbound ports as the REST API.
 *
 * <p>Other identity pages (passkeys, SSO's authorize page) build on {@link #install}: it returns
 * the {@link WebRoutes} to register on and the {@link LoginFlow} to reuse.
 */
public final class IdentityWebUi {
  /** The session cookie's service name ({@code __Host-mcias_session}). */
  public static final String SERVICE = "mcias";

  private final WebRoutes routes;
  private final LoginFlow loginFlow;

  private IdentityWebUi(WebRoutes routes, LoginFlow loginFlow) {
    this.routes = routes;
    this.loginFlow = loginFlow;
  }

  /** The default settings: cookie {@code __Host-mcias_session}, titles "MCIAS". */
  public static WebSettings settings() {
    return WebSettings.of(SERVICE, "MCIAS");
  }

  /** The pages as a registration to hand to {@code IdentityRestServer.start}. */
  public static Consumer<JavalinConfig> routes(IdentityWebApi api, WebSettings settings) {
    Objects.requireNonNull(api, "api");
    Objects.requireNonNull(settings, "settings");
    return config -> install(config, api, settings);
  }

  /** Installs the web foundation and the identity pages on {@code config}; call once. */
  public static IdentityWebUi install(
      JavalinConfig config, IdentityWebApi api, WebSettings settings) {
    WebRoutes web = WebUi.install(config, settings);
    CallerPages callers = new CallerPages(api.tokens());
    LoginFlow flow = new LoginFlow(api.login(), api.tokens());
    new LoginPages(flow, api.sessions(), callers).register(web);
    new ProfilePages(api, callers).register(web);
    new AccountAdminPages(api, callers).register(web);
    new PolicyAdminPages(api, callers).register(web);
    new AuditPages(api, callers).register(web);
    return new IdentityWebUi(web, flow);
  }

  /** Where more identity pages register. */
  public WebRoutes routes() {
    return routes;
  }

  /** The password → TOTP login, for pages that need a person signed in first. */
  public LoginFlow loginFlow() {
    return loginFlow;
  }
}
