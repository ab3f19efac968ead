package dev.metacircular.rest;

import dev.metacircular.ports.health.Readiness;
import dev.metacircular.ports.health.in.ReadinessUseCase;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * {@code GET /v1/ready}, public, on a service's HTTPS listener: {@code 200 {"status":"ready"}}, or
 * {@code 503} naming every failed check and why ({@code {"status":"not ready","error":"storage
 * full","failed":[{"check":"storage","reason":"storage full"}]}}). {@code /v1/health} stays
 * liveness (the process answers). A server adds it beside its API ({@code RestDoorModule}'s extra
 * routes).
 */
public final class ReadinessRoutes {
  private ReadinessRoutes() {}

  /** The route, answering from {@code readiness}. */
  public static Consumer<JavalinConfig> of(ReadinessUseCase readiness) {
    Objects.requireNonNull(readiness, "readiness");
    return config -> config.routes.get("/v1/ready", ctx -> answer(ctx, readiness.check()));
  }

  static void answer(Context ctx, Readiness readiness) {
    if (readiness.ready()) {
      JsonBodies.write(ctx, 200, new ReadyView("ready"));
      return;
    }
    List<FailureView> failed =
        readiness.failures().stream().map(f -> new FailureView(f.check(), f.reason())).toList();
    JsonBodies.write(
        ctx, 503, new NotReadyView("not ready", readiness.failures().get(0).reason(), failed));
  }

  record ReadyView(String status) {}

  record NotReadyView(String status, String error, List<FailureView> failed) {}

  record FailureView(String check, String reason) {}
}
