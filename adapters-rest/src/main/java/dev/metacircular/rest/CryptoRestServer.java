package dev.metacircular.rest;

import dev.metacircular.ports.crypto.in.CryptoUseCases;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Handler;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The crypto service's HTTPS JSON API (the reference's Metacrypt paths), started on construction
 * and stopped by {@link #close()}. Handlers only translate HTTP to port calls: who may do what
 * (admin checks, ACL policy) is decided by the core behind {@link CryptoUseCases}.
 *
 * <p>The one rule kept at the door is the seal gate: status, health, init and unseal answer in
 * every state; every other call answers 412 "not initialized" before init and 503 "sealed" while
 * sealed or initializing, before its token is even looked at. Once unsealed, a protected call
 * without a valid bearer token is 401.
 */
public final class CryptoRestServer extends RunningServer {

  private CryptoRestServer(Javalin app) {
    super(app);
  }

  /** Binds and starts the server; fails if the address is taken or the key store is unusable. */
  public static CryptoRestServer start(CryptoUseCases api, RestSettings settings) {
    return start(api, settings, config -> {});
  }

  /**
   * Binds and starts the server with more routes on the same port: {@code extra} receives the same
   * {@code JavalinConfig} after the API's routes (see {@link RunningServer#started}).
   */
  public static CryptoRestServer start(
      CryptoUseCases api, RestSettings settings, Consumer<JavalinConfig> extra) {
    Objects.requireNonNull(api, "api");
    return new CryptoRestServer(started(settings, config -> routes(config, api), extra));
  }

  private static void routes(JavalinConfig config, CryptoUseCases api) {
    SealGate gate = new SealGate(api.seal());
    BearerAuth bearer = new BearerAuth(api.auth()::authenticate);
    Protected authenticated = handler -> gate.guard(bearer.require(handler));
    SealController seal = new SealController(api.seal());
    CryptoAuthController auth = new CryptoAuthController(api.auth());
    MountController mounts = new MountController(api.mounts());
    EngineController engines = new EngineController(new EngineDispatcher(api.engines()));
    PolicyController acl = new PolicyController(api.acl());
    AuditController audit = new AuditController(api.audit());

    var routes = config.routes;
    // Open in every state.
    routes.get("/v1/status", seal::status);
    routes.get("/v1/health", HealthController::health);
    routes.post("/v1/init", seal::initialize);
    routes.post("/v1/unseal", seal::unseal);
    routes.get("/v1/openapi.json", ApiDescription::serveCrypto);
    // Unsealed only; the presented token (if any) is the subject of the call.
    routes.post("/v1/auth/login", gate.guard(auth::login));
    routes.get("/v1/auth/tokeninfo", gate.guard(auth::tokenInfo));
    routes.post("/v1/auth/logout", gate.guard(auth::logout));
    // Unsealed only, bearer token required; admin or ACL checks are the core's.
    routes.post("/v1/seal", authenticated.wrap(seal::seal));
    routes.post("/v1/rekey", authenticated.wrap(seal::rekey));
    routes.post("/v1/rotate", authenticated.wrap(seal::rotate));
    routes.get("/v1/key-status", authenticated.wrap(seal::keyStatus));
    routes.post("/v1/engine/mounts", authenticated.wrap(mounts::create));
    routes.get("/v1/engine/mounts", authenticated.wrap(mounts::list));
    routes.delete("/v1/engine/mounts/{name}", authenticated.wrap(mounts::delete));
    routes.post("/v1/engine/request", authenticated.wrap(engines::request));
    routes.post("/v1/policy/rules", authenticated.wrap(acl::create));
    routes.get("/v1/policy/rules", authenticated.wrap(acl::list));
    routes.get("/v1/policy/rules/{id}", authenticated.wrap(acl::get));
    routes.put("/v1/policy/rules/{id}", authenticated.wrap(acl::replace));
    routes.delete("/v1/policy/rules/{id}", authenticated.wrap(acl::delete));
    routes.post("/v1/policy/explain", authenticated.wrap(acl::explain));
    routes.get("/v1/audit", authenticated.wrap(audit::query));
    SshPublicController.register(routes, api.engines());
    PkiController.routes(routes, api.engines());
  }

  /** The seal gate, then bearer authentication, then the handler. */
  @FunctionalInterface
  private interface Protected {
    Handler wrap(BearerAuth.AuthenticatedHandler handler);
  }
}
