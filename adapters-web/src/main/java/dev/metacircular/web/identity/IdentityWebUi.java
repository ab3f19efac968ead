package dev.metacircular.web.identity;

import dev.metacircular.web.common.WebRoutes;
import dev.metacircular.web.common.WebSettings;
import dev.metacircular.web.common.WebUi;
import io.javalin.config.JavalinConfig;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The identity service's (MCIAS's) pages, for the server that also serves its REST API:
 *
 * <pre>
 *   IdentityRestServer.start(restApi, settings, IdentityWebUi.routes(webApi, IdentityWebUi.settings()));
 * </pre>
 *
 * <p>Pages: {@code /login} (password and TOTP, or a passkey), {@code /profile} (passkeys),
 * {@code /sso/authorize} (single sign-on for registered clients).
 */
public final class IdentityWebUi {
  private IdentityWebUi() {}

  /** The session settings of the identity pages (cookie {@code __Host-mcias_session}). */
  public static WebSettings settings() {
    return WebSettings.of("mcias", "MCIAS");
  }

  public static Consumer<JavalinConfig> routes(IdentityWebApi api, WebSettings settings) {
    Objects.requireNonNull(api, "api");
    Objects.requireNonNull(settings, "settings");
    return config -> register(WebUi.install(config, settings), api);
  }

  private static void register(WebRoutes web, IdentityWebApi api) {
    SignInPages signIn = new SignInPages(api);
    PasskeyPages passkeys = new PasskeyPages(api);
    AuthorizePages authorize = new AuthorizePages(api, signIn);

    web.get("/", r -> r.redirect(r.signedIn().isPresent() ? "/profile" : "/login"));
    web.get("/login", signIn::form);
    web.post("/login", signIn::login);
    web.post("/logout", signIn::logout);
    web.post("/login/passkey/start", passkeys::startLogin);
    web.post("/login/passkey/finish", passkeys::finishLogin);
    web.get("/profile", passkeys::profile);
    web.post("/profile/passkeys/start", passkeys::startRegistration);
    web.post("/profile/passkeys/finish", passkeys::finishRegistration);
    web.post("/profile/passkeys/{id}/delete", passkeys::remove);
    web.get("/sso/authorize", authorize::show);
    web.post("/sso/authorize", authorize::signInAndAuthorize);
    web.post("/sso/authorize/continue", authorize::continueAsSignedIn);
  }
}
