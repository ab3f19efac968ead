package dev.metacircular.rest;

import dev.metacircular.http.LogSafe;
import io.javalin.http.Context;
import io.javalin.http.RequestLogger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One INFO line per request: method, path, status and duration. Never headers (Authorization),
 * bodies or query strings, any of which may carry a credential; the path through {@link LogSafe}.
 */
final class RequestLog implements RequestLogger {
  private static final Logger LOG = LoggerFactory.getLogger("dev.metacircular.rest.access");

  @Override
  public void handle(Context ctx, Float executionTimeMs) {
    if (LOG.isInfoEnabled()) {
      LOG.info(
          "{} {} {} {}ms",
          ctx.method().name(),
          LogSafe.path(ctx.path()),
          ctx.statusCode(),
          Math.round(executionTimeMs));
    }
  }
}
