package dev.metacircular.rest;

import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.JavalinConfig;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The base of every Metacircular HTTPS API. The returned (not yet started) Javalin instance has:
 *
 * <ul>
 *   <li>one TLS listener (TLS 1.2 and 1.3 only) on {@code settings.host():settings.port()} and no
 *       plain HTTP listener;
 *   <li>security headers on every response (HSTS, nosniff, no-store, a deny-all CSP, no-referrer)
 *       and no server version banner;
 *   <li>request bodies bounded by {@code settings.maxBodyBytes()} (413), read strictly through
 *       {@link JsonBodies};
 *   <li>JSON errors everywhere: {@code {"error": "..."}}, {@code DomainException} subclasses mapped
 *       to their status, anything else 500 "internal error" with the stack trace in the server log
 *       only;
 *   <li>one access log line per request (method, path, status, duration; never headers, bodies or
 *       query strings);
 *   <li>no response compression (responses carry tokens: no BREACH-style oracle).
 * </ul>
 *
 * <p>{@code routes} adds the service's own routes (and may add exception handlers for its own
 * exception types) on the same config.
 */
public final class SecureJavalin {
  private SecureJavalin() {}

  public static Javalin create(RestSettings settings, Consumer<JavalinConfig> routes) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(routes, "routes");
    return Javalin.create(
        config -> {
          config.startup.showJavalinBanner = false;
          config.startup.showOldJavalinVersionWarning = false;
          config.http.compressionStrategy = CompressionStrategy.NONE;
          config.http.defaultContentType = "application/json";
          config.jsonMapper(JsonBodies.javalinMapper());
          config.jetty.host = settings.host();
          config.jetty.port = settings.port();
          config.jetty.addConnector((server, http) -> TlsConnector.create(server, http, settings));
          config.registerPlugin(new SecurityHeaders());
          config.registerPlugin(new BodyLimitPlugin(settings.maxBodyBytes()));
          config.registerPlugin(new JsonErrors());
          config.requestLogger.http(new RequestLog());
          routes.accept(config);
        });
  }
}
