package dev.metacircular.rest;

import dev.metacircular.http.HttpStatuses;
import dev.metacircular.http.LogSafe;
import dev.metacircular.ports.error.DomainException;
import io.javalin.config.JavalinState;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.plugin.Plugin;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error is {@code {"error": "<message>"}}. A {@link DomainException} is a refusal
 * ("rejected") and keeps its message, with its status from {@link HttpStatuses}; anything else is a
 * failure ("broken"): 500 "internal error" to the client, the stack trace to the server log only.
 */
final class JsonErrors extends Plugin<Void> {
  private static final Logger LOG = LoggerFactory.getLogger(JsonErrors.class);

  @Override
  public void onInitialize(JavalinState state) {
    state.http.prefer405over404 = true;
    state.routes.exception(DomainException.class, JsonErrors::refused);
    state.routes.exception(BodyRefusal.class, JsonErrors::bodyRefused);
    state.routes.exception(
        HttpResponseException.class,
        (e, ctx) -> JsonBodies.writeError(ctx, e.getStatus(), HttpErrors.message(e.getStatus())));
    state.routes.exception(Exception.class, JsonErrors::broken);
    state.router.javaLangErrorHandler(
        (response, error) -> {
          LOG.error("internal error", error);
          try {
            response.setStatus(500);
            response.setContentType("application/json");
            response.getOutputStream().write(internalErrorBody());
          } catch (IOException | IllegalStateException e) {
            LOG.debug("could not write the error response", e);
          }
        });
    state.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
  }

  private static void refused(DomainException e, Context ctx) {
    int status = HttpStatuses.of(e);
    if (e instanceof DomainException.TooManyRequests limited) {
      ctx.header("Retry-After", Long.toString(limited.retryAfterSeconds()));
    }
    if (status == 401) {
      // RFC 6750: say which scheme would have been accepted.
      ctx.header("WWW-Authenticate", "Bearer");
    }
    JsonBodies.writeError(ctx, status, e.getMessage());
  }

  private static void bodyRefused(BodyRefusal e, Context ctx) {
    if (e instanceof BodyRefusal.Aborted) {
      clientGone(e, ctx);
      return;
    }
    JsonBodies.writeError(ctx, e.status(), e.getMessage());
  }

  /**
   * The client stopped sending mid-body: its error, not ours. One INFO line without a stack trace
   * (a flood of aborted uploads must not fill the log with traces), and a 400 in case it still
   * listens.
   */
  private static void clientGone(Exception e, Context ctx) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    LOG.info(
        "request body aborted by the client on {} {} ({})",
        ctx.method().name(),
        LogSafe.path(ctx.path()),
        root.getClass().getSimpleName());
    JsonBodies.writeError(ctx, 400, "request body incomplete");
  }

  private static void broken(Exception e, Context ctx) {
    if (BodyRefusal.clientWentAway(e)) {
      // A handler that read the body itself (the web UI's forms) met the same aborted client.
      clientGone(e, ctx);
      return;
    }
    LOG.error("internal error on {} {}", ctx.method().name(), LogSafe.path(ctx.path()), e);
    JsonBodies.writeError(ctx, 500, HttpErrors.INTERNAL_ERROR);
  }

  static byte[] internalErrorBody() {
    return "{\"error\":\"internal error\"}".getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String name() {
    return "metacircular-json-errors";
  }
}
