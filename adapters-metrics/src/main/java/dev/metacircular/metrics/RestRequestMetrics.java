package dev.metacircular.metrics;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * Times every HTTPS request by route template, method and status ({@code
 * http_server_requests_seconds}, a histogram). The label is the template the request matched
 * ({@code /v1/accounts/{id}}), never the raw path, which carries ids and names; a request matching
 * no route is {@code unmatched}, so probing random paths adds no series.
 */
final class RestRequestMetrics {
  static final String UNMATCHED = "unmatched";
  private static final String STARTED = "dev.metacircular.metrics.started";

  private final MeterRegistry registry;

  RestRequestMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void install(JavalinConfig config) {
    config.routes.before(ctx -> ctx.attribute(STARTED, System.nanoTime()));
    config.routes.after(this::record);
  }

  private void record(Context ctx) {
    Long started = ctx.attribute(STARTED);
    if (started == null) {
      return;
    }
    Timer.builder("http.server.requests")
        .description("HTTPS requests by route template, method and status")
        .tag("route", route(ctx))
        .tag("method", ctx.method().name())
        .tag("status", Integer.toString(ctx.statusCode()))
        .publishPercentileHistogram()
        .register(registry)
        .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
  }

  private static String route(Context ctx) {
    Endpoint matched = ctx.endpoints().matchedHttpEndpoint();
    return matched == null ? UNMATCHED : matched.path;
  }
}
