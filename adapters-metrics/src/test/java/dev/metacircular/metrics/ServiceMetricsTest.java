package dev.metacircular.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.ports.storage.StorageProblem;
import dev.metacircular.ports.telemetry.TelemetryEvent;
import dev.metacircular.ports.telemetry.TelemetryEvent.LoginOutcome;
import dev.metacircular.ports.telemetry.TelemetryEvent.Outcome;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The meters each domain event becomes, and the plain-HTTP loopback listener. */
class ServiceMetricsTest {
  final ServiceMetrics metrics = ServiceMetrics.create("mcias");

  @AfterEach
  void close() {
    metrics.close();
  }

  @Test
  void everyEventBecomesItsMeterWithOnlyItsBoundedLabels() {
    metrics.telemetry().record(new TelemetryEvent.Login(LoginOutcome.RATE_LIMITED));
    metrics.telemetry().record(new TelemetryEvent.Lockout());
    metrics.telemetry().record(new TelemetryEvent.TokenIssued());
    metrics.telemetry().record(new TelemetryEvent.TokenValidated(false));
    metrics.telemetry().record(new TelemetryEvent.TokenRevoked());
    metrics.telemetry().record(new TelemetryEvent.UnsealAttempt(false));
    metrics.telemetry().record(new TelemetryEvent.BarrierAccess(TelemetryEvent.Access.READ));
    metrics.telemetry().record(new TelemetryEvent.EngineOperation("pki", "issue", Outcome.FAILED));
    metrics.telemetry().record(new TelemetryEvent.AcmeOrder("valid"));
    metrics.telemetry().record(new TelemetryEvent.AcmeValidation("http-01", Outcome.DENIED));
    metrics.telemetry().record(new TelemetryEvent.ContainerRepair());
    metrics.telemetry().record(new TelemetryEvent.ContainerFlap());
    metrics.telemetry().record(new TelemetryEvent.StorageRefused(StorageProblem.READ_ONLY));
    String scrape = metrics.scrape();
    assertThat(scrape)
        .contains("mc_logins_total{outcome=\"rate_limited\",server=\"mcias\"} 1.0")
        .contains("mc_lockouts_total{server=\"mcias\"} 1.0")
        .contains("mc_tokens_issued_total{server=\"mcias\"} 1.0")
        .contains("mc_tokens_validated_total{server=\"mcias\",valid=\"false\"} 1.0")
        .contains("mc_tokens_revoked_total{server=\"mcias\"} 1.0")
        .contains("mc_unseal_attempts_total{outcome=\"failure\",server=\"mcias\"} 1.0")
        .contains("mc_barrier_operations_total{access=\"read\",server=\"mcias\"} 1.0")
        .contains(
            "mc_engine_operations_total{mount=\"pki\",operation=\"issue\",outcome=\"failed\","
                + "server=\"mcias\"} 1.0")
        .contains("mc_acme_orders_total{server=\"mcias\",status=\"valid\"} 1.0")
        .contains(
            "mc_acme_validations_total{challenge_type=\"http-01\",outcome=\"denied\","
                + "server=\"mcias\"} 1.0")
        .contains("mc_container_repairs_total{server=\"mcias\"} 1.0")
        .contains("mc_container_flaps_total{server=\"mcias\"} 1.0")
        .contains("mc_storage_refusals_total{problem=\"read_only\",server=\"mcias\"} 1.0")
        // A service without a barrier has no seal gauge until one is reported.
        .doesNotContain("mc_sealed");
    metrics.telemetry().record(new TelemetryEvent.SealState(true));
    assertThat(metrics.scrape()).contains("mc_sealed{server=\"mcias\"} 1.0");
    metrics.telemetry().record(new TelemetryEvent.SealState(false));
    assertThat(metrics.scrape()).contains("mc_sealed{server=\"mcias\"} 0.0");
  }

  @Test
  void theLoopbackListenerServesMetricsOnlyAtGetMetrics() throws Exception {
    metrics.telemetry().record(new TelemetryEvent.Lockout());
    try (MetricsListener listener = metrics.listen("127.0.0.1", 0)) {
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + listener.port();
      HttpResponse<String> ok =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.headers().firstValue("Content-Type")).contains(ScrapeRoute.CONTENT_TYPE);
      assertThat(ok.body()).contains("mc_lockouts_total{server=\"mcias\"} 1.0");
      assertThat(
              http.send(
                      HttpRequest.newBuilder(URI.create(base + "/v1/health")).build(),
                      HttpResponse.BodyHandlers.ofString())
                  .statusCode())
          .isEqualTo(404);
      HttpResponse<String> post =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/metrics"))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(post.statusCode()).isEqualTo(405);
      assertThat(post.headers().firstValue("Allow")).contains("GET");
    }
  }
}
