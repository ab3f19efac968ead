package dev.metacircular.rest;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A started {@link SecureJavalin} server: what the identity and crypto servers share (binding their
 * API's routes and the apps module's extra ones on one port, the bound port, stopping). Public so
 * the apps module's one REST door module can start either service's server.
 */
public abstract class RunningServer implements AutoCloseable {
  private final Javalin app;

  RunningServer(Javalin app) {
    this.app = app;
  }

  /**
   * Binds and starts a server with the API's {@code routes}, then {@code extra} on the same {@code
   * JavalinConfig} (the apps module passes the web UI here, so adapters never depend on each
   * other). Every cross-cutting rule of {@link SecureJavalin} (TLS, security headers, body limit,
   * access log) covers the extra routes too.
   */
  static Javalin started(
      RestSettings settings, Consumer<JavalinConfig> routes, Consumer<JavalinConfig> extra) {
    Objects.requireNonNull(extra, "extra");
    Javalin app =
        SecureJavalin.create(
            settings,
            config -> {
              routes.accept(config);
              extra.accept(config);
            });
    app.start();
    return app;
  }

  /**
   * Every HTTP route this server serves, as {@code "METHOD /path"} with Javalin's path parameter
   * syntax ({@code /v1/accounts/{id}}), the extra routes included: what a test iterates so that a
   * rule meant for every route also covers the next route someone adds.
   */
  public List<String> routes() {
    return app.unsafe.internalRouter.allHttpHandlers().stream()
        .map(e -> e.endpoint.method.name() + " " + e.endpoint.path)
        .toList();
  }

  /** The bound port (the ephemeral one when the settings asked for port 0). */
  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
  }
}
