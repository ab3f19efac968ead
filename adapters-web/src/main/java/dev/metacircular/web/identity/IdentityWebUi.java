package dev.metacircular.web.identity;

import dev.metacircular.ports.identity.in.IdentityUseCases;
import dev.metacircular.web.common.WebRoutes;
import dev.metacircular.web.common.WebSettings;
import dev.metacircular.web.common.WebUi;
import io.javalin.config.JavalinConfig;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The identity service's (MCIAS's) pages, mounted on the server of its REST API:
 *
 * <pre>
 *   IdentityRestServer.start(restApi, settings, IdentityWebUi.routes(webApi, IdentityWebUi.settings()));
 * </pre>
 *
 * <p>Pages: login (password, then TOTP; or a passkey) and logout, the profile (password, TOTP,
 * passkeys), the admin pages for accounts, roles, tokens, the login policy and the audit log, and
 * {@code /sso/authorize} (single sign-on for registered clients). Every page calls the same inbound
 * ports as the REST API; every password login, the SSO page's included, goes through one {@link
 * LoginFlow}.
 */
public final class IdentityWebUi {
  /** The session cookie's service name ({@code __Host-mcias_session}). */
  public static final String SERVICE = "mcias";

  private IdentityWebUi() {}

  /** The default settings: cookie {@code __Host-mcias_session}, titles "MCIAS". */
  public static WebSettings settings() {
    return WebSettings.of(SERVICE, "MCIAS");
  }

  /** The pages as a registration to hand to {@code IdentityRestServer.start}. */
  public static Consumer<JavalinConfig> routes(IdentityUseCases api, WebSettings settings) {
    Objects.requireNonNull(api, "api");
    Objects.requireNonNull(settings, "settings");
    return config -> register(WebUi.install(config, settings), api);
  }

  private static void register(WebRoutes web, IdentityUseCases api) {
    CallerPages callers = new CallerPages(api.tokens());
    LoginFlow flow = new LoginFlow(api.login(), api.tokens());
    new LoginPages(flow, api.sessions(), callers).register(web);
    new PasskeyPages(api.passkeys(), flow, callers).register(web);
    new ProfilePages(api, callers).register(web);
    new AuthorizePages(api.sso(), flow, callers).register(web);
    new AccountAdminPages(api, callers).register(web);
    new PolicyAdminPages(api, callers).register(web);
    new AuditPages(api, callers).register(web);
  }
}
