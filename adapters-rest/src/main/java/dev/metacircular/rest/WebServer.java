package dev.metacircular.rest;

import io.javalin.config.JavalinConfig;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A {@link SecureJavalin} server that serves only web pages, no API: the control plane master's
 * fleet page on its own {@code [web] listen_addr} (its API is gRPC). The pages get every rule the
 * API servers have — TLS 1.2/1.3 only, the security headers, the body limit, the access log; JSON
 * errors stay for paths the pages do not answer themselves.
 */
public final class WebServer extends RunningServer {

  private WebServer(io.javalin.Javalin app) {
    super(app);
  }

  /** Binds and starts the server with {@code pages} (for example a web UI's registration). */
  public static WebServer start(RestSettings settings, Consumer<JavalinConfig> pages) {
    Objects.requireNonNull(pages, "pages");
    return new WebServer(started(settings, config -> {}, pages));
  }
}
