package dev.metacircular.rest.acme;

import dev.metacircular.ports.acme.in.AcmeUseCase;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The ACME door (RFC 8555 + ARI) on the crypto service's HTTPS listener: one directory per role of
 * every {@code ca} mount with ACME enabled, at {@code /acme/{mount}/{role}/directory}. The public
 * entry point of this package; {@link AcmeController} holds the handlers and {@link AcmeJws} the
 * JWS checks.
 */
public final class AcmeRoutes {
  private AcmeRoutes() {}

  /** The routes, for {@code CryptoRestServer.start(api, settings, extra)}. */
  public static Consumer<JavalinConfig> routes(AcmeUseCase acme) {
    Objects.requireNonNull(acme, "acme");
    return config -> register(config.routes, acme);
  }

  /** Adds the ACME routes. */
  public static void register(RoutesConfig routes, AcmeUseCase acme) {
    AcmeController c = new AcmeController(acme);
    String base = "/acme/{mount}/{role}/";
    routes.get(base + "directory", c.handle(c::directory));
    routes.head(base + "new-nonce", c.handle(c::headNonce));
    routes.get(base + "new-nonce", c.handle(c::getNonce));
    routes.post(base + "new-account", c.handle(c::newAccount));
    routes.post(base + "account/{id}", c.handle(c::account));
    routes.post(base + "account/{id}/orders", c.handle(c::orders));
    routes.post(base + "new-order", c.handle(c::newOrder));
    routes.post(base + "order/{id}", c.handle(c::order));
    routes.post(base + "order/{id}/finalize", c.handle(c::finalizeOrder));
    routes.post(base + "authz/{id}", c.handle(c::authorization));
    routes.post(base + "chall/{id}", c.handle(c::challenge));
    routes.post(base + "cert/{id}", c.handle(c::certificate));
    routes.post(base + "revoke-cert", c.handle(c::revoke));
    routes.post(base + "key-change", c.handle(c::keyChange));
    routes.get(base + "renewal-info/{certID}", c.handle(c::renewalInfo));
  }
}
