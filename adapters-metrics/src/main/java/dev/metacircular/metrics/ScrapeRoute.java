package dev.metacircular.metrics;

import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.error.DomainException;
import io.javalin.http.Context;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * {@code GET /metrics} on the service's HTTPS listener: the Prometheus text, for a bearer token
 * with the {@code admin} or {@code metrics} role. Refusals are the door's ordinary JSON errors (401
 * without a valid token, 403 without either role).
 */
final class ScrapeRoute {
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  private static final String SCHEME = "bearer ";

  private final ServiceMetrics.Authenticator authenticator;
  private final Supplier<String> scrape;

  ScrapeRoute(ServiceMetrics.Authenticator authenticator, Supplier<String> scrape) {
    this.authenticator = authenticator;
    this.scrape = scrape;
  }

  void handle(Context ctx) {
    Caller caller = authenticator.authenticate(token(ctx), ctx.ip());
    if (!caller.roles().contains(Role.ADMIN) && !caller.roles().contains(Role.METRICS)) {
      throw new DomainException.Forbidden("admin or metrics role required");
    }
    ctx.status(200).contentType(CONTENT_TYPE).result(scrape.get());
  }

  /** The bearer token, or null (the authenticator refuses a null one as "missing token"). */
  static String token(Context ctx) {
    String header = ctx.header("Authorization");
    if (header == null
        || header.length() <= SCHEME.length()
        || !header.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)) {
      return null;
    }
    String token = header.substring(SCHEME.length()).trim();
    return token.isEmpty() ? null : token;
  }
}
