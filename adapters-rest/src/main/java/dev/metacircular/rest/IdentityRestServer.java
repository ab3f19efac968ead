package dev.metacircular.rest;

import dev.metacircular.ports.identity.in.IdentityUseCases;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The identity service's HTTPS JSON API (the reference's MCIAS paths), started on construction and
 * stopped by {@link #close()}. Handlers only translate HTTP to port calls: who may do what is
 * decided by the core behind {@link IdentityUseCases}.
 */
public final class IdentityRestServer extends RunningServer {

  private IdentityRestServer(Javalin app) {
    super(app);
  }

  /** Binds and starts the server; fails if the address is taken or the key store is unusable. */
  public static IdentityRestServer start(IdentityUseCases api, RestSettings settings) {
    return start(api, settings, config -> {});
  }

  /**
   * Binds and starts the server with more routes on the same port: {@code extra} receives the same
   * {@code JavalinConfig} after the API's routes (see {@link RunningServer#started}).
   */
  public static IdentityRestServer start(
      IdentityUseCases api, RestSettings settings, Consumer<JavalinConfig> extra) {
    Objects.requireNonNull(api, "api");
    return new IdentityRestServer(started(settings, config -> routes(config, api), extra));
  }

  private static void routes(JavalinConfig config, IdentityUseCases api) {
    BearerAuth auth = new BearerAuth(api.tokens()::authenticate);
    HealthController health = new HealthController(api.tokens());
    SessionController session = new SessionController(api.login(), api.sessions());
    TokenController token = new TokenController(api.tokens(), api.tokenAdmin());
    AccountController account = new AccountController(api.accounts());
    TotpController totp = new TotpController(api.totp());
    ProfileController profile = new ProfileController(api.profile());
    PolicyController policy = new PolicyController(api.loginPolicy());
    AuditController audit = new AuditController(api.audit());
    SsoController sso = new SsoController(api.ssoClients(), api.sso());
    PasskeyController passkeys = new PasskeyController(api.passkeys());
    RecoveryCodeController recovery = new RecoveryCodeController(api.recoveryCodes());

    var routes = config.routes;
    // Public.
    routes.get("/v1/health", HealthController::health);
    routes.get("/v1/keys/public", health::publicKey);
    routes.get("/v1/openapi.json", ApiDescription::serveIdentity);
    routes.post("/v1/auth/login", session::login);
    routes.post("/v1/token/validate", token::validate);
    routes.post("/v1/sso/token", sso::token);
    routes.post("/v1/auth/passkeys/login/start", passkeys::startLogin);
    routes.post("/v1/auth/passkeys/login/finish", passkeys::finishLogin);
    // The presented token is the subject of the call.
    routes.post("/v1/auth/logout", session::logout);
    routes.post("/v1/auth/renew", session::renew);
    // Bearer token required.
    routes.post("/v1/token/issue", auth.require(token::issue));
    routes.post("/v1/token/revoke", auth.require(token::revoke));
    routes.post("/v1/accounts", auth.require(account::create));
    routes.get("/v1/accounts", auth.require(account::list));
    routes.get("/v1/accounts/{id}", auth.require(account::get));
    routes.patch("/v1/accounts/{id}", auth.require(account::update));
    routes.delete("/v1/accounts/{id}", auth.require(account::delete));
    routes.get("/v1/accounts/{id}/roles", auth.require(account::roles));
    routes.put("/v1/accounts/{id}/roles", auth.require(account::setRoles));
    routes.get("/v1/accounts/{id}/tokens", auth.require(token::listForAccount));
    routes.get("/v1/auth/me", auth.require(profile::me));
    routes.post("/v1/auth/password", auth.require(profile::changePassword));
    routes.post("/v1/auth/recovery-codes", auth.require(recovery::generate));
    routes.get("/v1/auth/recovery-codes", auth.require(recovery::remaining));
    routes.post("/v1/auth/totp/enroll", auth.require(totp::enrol));
    routes.post("/v1/auth/totp/confirm", auth.require(totp::confirm));
    routes.post("/v1/auth/totp/remove", auth.require(totp::remove));
    routes.post("/v1/policy/rules", auth.require(policy::create));
    routes.get("/v1/policy/rules", auth.require(policy::list));
    routes.get("/v1/policy/rules/{id}", auth.require(policy::get));
    routes.put("/v1/policy/rules/{id}", auth.require(policy::replace));
    routes.delete("/v1/policy/rules/{id}", auth.require(policy::delete));
    routes.post("/v1/policy/explain", auth.require(policy::explain));
    routes.get("/v1/audit", auth.require(audit::query));
    routes.post("/v1/sso/clients", auth.require(sso::register));
    routes.get("/v1/sso/clients", auth.require(sso::list));
    routes.get("/v1/sso/clients/{id}", auth.require(sso::get));
    routes.put("/v1/sso/clients/{id}", auth.require(sso::update));
    routes.delete("/v1/sso/clients/{id}", auth.require(sso::delete));
    routes.post("/v1/sso/clients/{id}/secret", auth.require(sso::rotateSecret));
    routes.post("/v1/sso/authorize", auth.require(sso::authorize));
    routes.post("/v1/auth/passkeys/register/start", auth.require(passkeys::startRegistration));
    routes.post("/v1/auth/passkeys/register/finish", auth.require(passkeys::finishRegistration));
    routes.get("/v1/auth/passkeys", auth.require(passkeys::list));
    routes.delete("/v1/auth/passkeys/{credentialId}", auth.require(passkeys::remove));
  }
}
