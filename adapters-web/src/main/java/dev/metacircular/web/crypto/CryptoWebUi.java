package dev.metacircular.web.crypto;

import dev.metacircular.ports.crypto.in.CryptoUseCases;
import dev.metacircular.ports.delegation.out.SsoLogin;
import dev.metacircular.web.common.WebRoutes;
import dev.metacircular.web.common.WebSettings;
import dev.metacircular.web.common.WebUi;
import dev.metacircular.web.sso.SsoClientPages;
import io.javalin.config.JavalinConfig;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The crypto service's (Metacrypt's) web UI, for the server that also serves its REST API:
 *
 * <pre>
 *   CryptoRestServer.start(restApi, settings, CryptoWebUi.routes(webApi, CryptoWebUi.settings()));
 * </pre>
 *
 * <p>Pages: {@code /} (goes wherever the state says), {@code /init}, {@code /unseal}, {@code
 * /login}, {@code /dashboard} (state, mounts, seal), {@code /transit/{mount}} (keys, encrypt,
 * decrypt), {@code /pki/{mount}} (CA), {@code /ssh/{mount}} (SSH CA: profiles, sign a pasted key,
 * issued certificates), {@code /u2u/{mount}} (user-to-user messages: your key, write, read), {@code
 * /policy} (ACL rules and explain). Every page follows the state: before init it sends the browser
 * to {@code /init}, while sealed it shows the unseal form.
 */
public final class CryptoWebUi {
  private CryptoWebUi() {}

  /**
   * The session settings of the crypto service's pages (cookie {@code __Host-metacrypt_session}).
   */
  public static WebSettings settings() {
    return WebSettings.of("metacrypt", "Metacrypt");
  }

  /** The pages' registration, to hand to the REST server's {@code start}. */
  public static Consumer<JavalinConfig> routes(CryptoUseCases api, WebSettings settings) {
    return routes(api, settings, null);
  }

  /**
   * With "Sign in with MCIAS" when {@code sso} is not null: {@code /sso/redirect} and {@code
   * /sso/callback} (see {@link SsoClientPages}) next to the direct credentials form.
   */
  public static Consumer<JavalinConfig> routes(
      CryptoUseCases api, WebSettings settings, SsoLogin sso) {
    Objects.requireNonNull(api, "api");
    Objects.requireNonNull(settings, "settings");
    return config -> register(WebUi.install(config, settings), api, settings, sso);
  }

  private static void register(
      WebRoutes web, CryptoUseCases api, WebSettings settings, SsoLogin sso) {
    CryptoGate gate = new CryptoGate(api.seal(), api.auth());
    SealPages seal = new SealPages(api.seal());
    LoginPages login = new LoginPages(api.auth(), sso == null ? null : "/sso/redirect");
    if (sso != null) {
      SsoClientPages ssoPages =
          new SsoClientPages(sso, api.auth(), settings.serviceName(), "/dashboard");
      web.get("/sso/redirect", gate.unsealed(ssoPages::redirect));
      web.get("/sso/callback", gate.unsealed(ssoPages::callback));
    }
    DashboardPage dashboard = new DashboardPage(api.seal(), api.mounts());
    TransitPages transit = new TransitPages(api.engines());
    PolicyPages policy = new PolicyPages(api.acl());
    CaPages pki = new CaPages(api.engines());
    SshCaPages ssh = new SshCaPages(api.engines());
    UserMessagePages u2u = new UserMessagePages(api.engines());

    // In every state.
    web.get("/", seal::start);
    web.get("/init", seal::initForm);
    web.post("/init", seal::initialize);
    web.get("/unseal", seal::unsealForm);
    web.post("/unseal", seal::unseal);
    web.post("/logout", login::logout);
    // Unsealed.
    web.get("/login", gate.unsealed(login::form));
    web.post("/login", gate.unsealed(login::login));
    // Unsealed and signed in; who may do what is the core's call.
    web.get("/dashboard", gate.signedIn(dashboard::show));
    web.post("/seal", gate.signedIn((r, caller, who) -> seal.seal(r, caller)));
    web.post("/mounts", gate.signedIn(dashboard::mount));
    web.post("/mounts/{name}/unmount", gate.signedIn(dashboard::unmount));
    web.get("/transit", gate.signedIn(dashboard::open));
    web.get("/transit/{mount}", gate.signedIn(transit::show));
    web.post("/transit/{mount}/keys", gate.signedIn(transit::createKey));
    web.post("/transit/{mount}/keys/{key}/rotate", gate.signedIn(transit::rotateKey));
    web.post("/transit/{mount}/encrypt", gate.signedIn(transit::encrypt));
    web.post("/transit/{mount}/decrypt", gate.signedIn(transit::decrypt));
    web.get("/pki/{mount}", gate.signedIn(pki::show));
    web.post("/pki/{mount}/issue", gate.signedIn(pki::issue));
    web.post("/pki/{mount}/certs/{serial}/revoke", gate.signedIn(pki::revoke));
    web.get("/ssh/{mount}", gate.signedIn(ssh::show));
    web.post("/ssh/{mount}/profiles", gate.signedIn(ssh::createProfile));
    web.post("/ssh/{mount}/profiles/{profile}/delete", gate.signedIn(ssh::deleteProfile));
    web.post("/ssh/{mount}/sign", gate.signedIn(ssh::sign));
    web.post("/ssh/{mount}/certs/{serial}/revoke", gate.signedIn(ssh::revoke));
    web.get("/u2u/{mount}", gate.signedIn(u2u::show));
    web.post("/u2u/{mount}/register", gate.signedIn(u2u::register));
    web.post("/u2u/{mount}/rotate", gate.signedIn(u2u::rotate));
    web.post("/u2u/{mount}/encrypt", gate.signedIn(u2u::encrypt));
    web.post("/u2u/{mount}/decrypt", gate.signedIn(u2u::decrypt));
    web.get("/policy", gate.signedIn(policy::show));
    web.post("/policy/rules", gate.signedIn(policy::create));
    web.post("/policy/rules/delete", gate.signedIn(policy::delete));
    web.post("/policy/explain", gate.signedIn(policy::explain));
  }
}
