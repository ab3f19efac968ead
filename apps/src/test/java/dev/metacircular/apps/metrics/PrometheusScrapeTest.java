package dev.metacircular.apps.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metacircular.apps.identity.TestServer;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (the Debian package {@code prometheus}) scrapes a running identity server two
 * ways, as an operator would set it up: {@code GET /metrics} on the HTTPS listener with a {@code
 * metrics}-role token ({@code authorization: credentials_file}, the server's certificate as {@code
 * tls_config: ca_file}), and the plain-HTTP loopback {@code [metrics] listen_addr} listener without
 * a token. Then PromQL over the scraped data answers how many sign-ins failed and succeeded.
 */
class PrometheusScrapeTest {
  private static final Duration PATIENCE = Duration.ofSeconds(40);

  @TempDir static Path dir;
  static TestServer identity;
  static Https https;
  static Process prometheus;
  static String prometheusBase;

  @BeforeAll
  static void startAServerSignInTwiceAndStartPrometheus() throws Exception {
    Files.createDirectories(dir.resolve("id"));
    identity =
        TestServer.start(
            dir.resolve("id"),
            "127.0.0.1:0",
            "https://test.example",
            "[metrics]\nlisten_addr = \"127.0.0.1:0\"\n");
    identity.createAccount("alice", AccountType.HUMAN, Role.USER);
    identity.createAccount("prometheus", AccountType.HUMAN, Role.METRICS);
    Path cert = identity.dir.resolve("tls.crt");
    https = new Https(cert);
    String base = "https://127.0.0.1:" + identity.server.port();
    assertThat(
            https
                .post(
                    base + "/v1/auth/login",
                    null,
                    Map.of("username", "alice", "password", "not her password"))
                .status())
        .isEqualTo(401);
    https.login(base, "alice", TestServer.PASSWORD);
    String token = https.login(base, "prometheus", TestServer.PASSWORD);

    Path tokenFile = dir.resolve("scrape.token");
    Files.writeString(tokenFile, token);
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(
        config,
        "global:\n"
            + "  scrape_interval: 1s\n"
            + "  scrape_timeout: 1s\n"
            + "scrape_configs:\n"
            + "  - job_name: mcias-https\n"
            + "    scheme: https\n"
            + "    authorization:\n"
            + "      type: Bearer\n"
            + "      credentials_file: "
            + tokenFile
            + "\n"
            + "    tls_config:\n"
            + "      ca_file: "
            + cert
            + "\n"
            + "    static_configs:\n"
            + "      - targets: ['127.0.0.1:"
            + identity.server.port()
            + "']\n"
            + "  - job_name: mcias-loopback\n"
            + "    static_configs:\n"
            + "      - targets: ['127.0.0.1:"
            + identity.server.metricsPort()
            + "']\n");
    int port = freePort();
    prometheusBase = "http://127.0.0.1:" + port;
    prometheus =
        new ProcessBuilder(
                "prometheus",
                "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("prometheus.log").toFile())
            .start();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (prometheus != null) {
      prometheus.destroy();
      if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
        prometheus.destroyForcibly();
      }
    }
    if (identity != null) {
      identity.close();
    }
  }

  @Test
  void prometheusScrapesBothListenersAndCountsSignInsByOutcome() throws Exception {
    Map<String, String> health =
        waitUntil(
            () -> targetHealth(), h -> h.size() == 2 && h.values().stream().allMatch("up"::equals));
    assertThat(health).containsEntry("mcias-https", "up").containsEntry("mcias-loopback", "up");

    Map<String, Double> logins =
        waitUntil(
            () -> vector("sum by (outcome) (mc_logins_total{job=\"mcias-https\"})", "outcome"),
            v -> v.containsKey("failure") && v.containsKey("success"));
    assertThat(logins.get("failure")).isEqualTo(1.0);
    assertThat(logins.get("success")).isEqualTo(2.0);

    // The loopback listener serves the same registry: the same counts, without a token.
    Map<String, Double> sameLogins =
        waitUntil(
            () -> vector("sum by (outcome) (mc_logins_total{job=\"mcias-loopback\"})", "outcome"),
            v -> v.containsKey("failure"));
    assertThat(sameLogins.get("failure")).isEqualTo(1.0);

    // Request latency as a histogram, by route template: a quantile PromQL can compute.
    Map<String, Double> p99 =
        waitUntil(
            () ->
                vector(
                    "histogram_quantile(0.99, sum by (le, route)"
                        + " (http_server_requests_seconds_bucket{job=\"mcias-https\","
                        + "route=\"/v1/auth/login\"}))",
                    "route"),
            v -> v.containsKey("/v1/auth/login"));
    assertThat(p99.get("/v1/auth/login")).isPositive();
  }

  /** {@code job -> health} of every scrape target. */
  private static Map<String, String> targetHealth() {
    Https.Reply r = https.get(prometheusBase + "/api/v1/targets", null);
    Map<String, String> health = new HashMap<>();
    if (r.status() != 200) {
      return health;
    }
    for (JsonNode target : r.json().at("/data/activeTargets")) {
      health.put(target.at("/labels/job").asText(), target.get("health").asText());
    }
    return health;
  }

  /** An instant PromQL query's result, as {@code label value -> sample value}. */
  private static Map<String, Double> vector(String promql, String label) {
    Https.Reply r =
        https.get(
            prometheusBase
                + "/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8),
            null);
    Map<String, Double> values = new HashMap<>();
    if (r.status() != 200) {
      return values;
    }
    assertThat(r.json().get("status").asText()).isEqualTo("success");
    for (JsonNode sample : r.json().at("/data/result")) {
      values.put(
          sample.at("/metric/" + label).asText(),
          Double.parseDouble(sample.at("/value/1").asText()));
    }
    return values;
  }

  private static <T> T waitUntil(
      java.util.function.Supplier<T> probe, java.util.function.Predicate<T> done)
      throws InterruptedException, IOException {
    Instant deadline = Instant.now().plus(PATIENCE);
    T last = null;
    while (Instant.now().isBefore(deadline)) {
      try {
        last = probe.get();
        if (done.test(last)) {
          return last;
        }
      } catch (UncheckedIOException notYetListening) {
        // Prometheus is still starting.
      }
      if (!prometheus.isAlive()) {
        throw new AssertionError(
            "prometheus exited: " + Files.readString(dir.resolve("prometheus.log")));
      }
      Thread.sleep(250);
    }
    throw new AssertionError(
        "gave up waiting; last answer "
            + last
            + "; prometheus log:\n"
            + Files.readString(dir.resolve("prometheus.log")));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
