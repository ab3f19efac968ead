package dev.metacircular.rest;

import io.javalin.config.JavalinState;
import io.javalin.plugin.Plugin;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;

/**
 * Security headers on every response (DESIGN §8), set at the Jetty level as each request arrives so
 * that they are present whatever answers it: a route, an exception mapper, a 404, or Jetty's own
 * protocol errors (the {@link JsonErrorHandler} sets them again for errors raised before a request
 * exists).
 */
final class SecurityHeaders extends Plugin<Void> implements HttpConfiguration.Customizer {

  /** The headers and their values; an API serves no documents, so the CSP forbids everything. */
  static final Map<String, String> HEADERS =
      Map.of(
          "Strict-Transport-Security", "max-age=31536000; includeSubDomains",
          "X-Content-Type-Options", "nosniff",
          "Cache-Control", "no-store",
          "Content-Security-Policy",
              "default-src 'none'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'",
          "Referrer-Policy", "no-referrer",
          "X-Frame-Options", "DENY");

  @Override
  public void onInitialize(JavalinState state) {
    state.jetty.modifyHttpConfiguration(
        http -> {
          http.setSendServerVersion(false);
          http.setSendXPoweredBy(false);
          http.addCustomizer(this);
        });
  }

  @Override
  public Request customize(Request request, HttpFields.Mutable responseHeaders) {
    apply(responseHeaders);
    return request;
  }

  static void apply(HttpFields.Mutable headers) {
    HEADERS.forEach(headers::put);
  }

  @Override
  public String name() {
    return "metacircular-security-headers";
  }
}
