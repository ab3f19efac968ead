package dev.metacircular.rest;

import io.javalin.http.Context;
import io.javalin.http.RequestLogger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One INFO line per request: method, path, status and duration. Never headers (Authorization),
 * bodies or query strings, any of which may carry a credential.
 */
final class RequestLog implements RequestLogger {
  private static final Logger LOG = LoggerFactory.getLogger("dev.metacircular.rest.access");
  private static final int MAX_PATH = 200;

  @Override
  public void handle(Context ctx, Float executionTimeMs) {
    if (LOG.isInfoEnabled()) {
      LOG.info(
          "{} {} {} {}ms",
          ctx.method().name(),
          safePath(ctx.path()),
          ctx.statusCode(),
          Math.round(executionTimeMs));
    }
  }

  /** The request path, cut short and stripped of anything that could forge a log line. */
  static String safePath(String path) {
    if (path == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(Math.min(path.length(), MAX_PATH) + 3);
    for (int i = 0; i < path.length() && i < MAX_PATH; i++) {
      char c = path.charAt(i);
      sb.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    if (path.length() > MAX_PATH) {
      sb.append("...");
    }
    return sb.toString();
  }
}
