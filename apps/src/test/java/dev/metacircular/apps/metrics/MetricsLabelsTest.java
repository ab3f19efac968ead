package dev.metacircular.apps.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.apps.crypto.CryptoTestEnvironment;
import dev.metacircular.apps.identity.TestServer;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Role;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics} on a real identity server and a real crypto server: who may scrape (admin or
 * metrics role), what is counted (sign-ins by outcome, tokens, the seal, barrier traffic, engine
 * operations by mount and operation, requests by route template), and that no username, key name,
 * token, password or path with user data appears anywhere in the scrape.
 */
class MetricsLabelsTest {
  private static final String SECRET_USER = "secret-user-xyz";
  private static final String SECRET_KEY = "secret-key-xyz";

  @TempDir static Path dir;
  static CryptoTestEnvironment env;
  static Https https;
  static String identityBase;
  static String cryptoBase;
  static String root;
  static String scraper;
  static String userToken;
  static String identityScrape;
  static String cryptoScrape;

  @BeforeAll
  static void useBothServicesThenScrape() {
    env = new CryptoTestEnvironment(dir);
    env.identity.createAccount(SECRET_USER, AccountType.HUMAN, Role.USER);
    env.identity.createAccount("scraper", AccountType.HUMAN, Role.METRICS);
    https = new Https(env.identity.dir.resolve("tls.crt"));
    identityBase = "https://127.0.0.1:" + env.identity.server.port();
    cryptoBase = "https://127.0.0.1:" + env.crypto.port();

    // One failed and one good sign-in of the user whose name must never show.
    assertThat(
            https
                .post(
                    identityBase + "/v1/auth/login",
                    null,
                    Map.of("username", SECRET_USER, "password", "wrong password here"))
                .status())
        .isEqualTo(401);
    userToken = https.login(identityBase, SECRET_USER, TestServer.PASSWORD);
    assertThat(https.get(identityBase + "/v1/auth/me", userToken).status()).isEqualTo(200);
    scraper = https.login(identityBase, "scraper", TestServer.PASSWORD);

    env.initAndUnseal();
    root = env.login("root");
    env.post("/v1/engine/mounts", root, Map.of("name", "transit", "type", "transit"));
    assertThat(
            env.request(
                    root, "transit", "create-key", Map.of("name", SECRET_KEY, "type", "aes256-gcm"))
                .status())
        .isEqualTo(200);
    assertThat(
            env.request(
                    root,
                    "transit",
                    "encrypt",
                    Map.of("key", SECRET_KEY, "plaintext", "c2VjcmV0IGRhdGE="))
                .status())
        .isEqualTo(200);
    // Seal, a wrong unseal, a good one: the gauge follows the barrier, the attempts are counted.
    assertThat(env.post("/v1/seal", root, null).status()).isEqualTo(200);
    assertThat(env.post("/v1/unseal", null, Map.of("password", "wrong password!!")).status())
        .isEqualTo(401);
    assertThat(
            env.post("/v1/unseal", null, Map.of("password", CryptoTestEnvironment.SEAL_PASSWORD))
                .status())
        .isEqualTo(200);
    // A request naming a mount that does not exist: its name must not become a label either.
    env.request(
        root, "secret-mount-xyz", "encrypt", Map.of("key", SECRET_KEY, "plaintext", "AA=="));

    Https.Reply identity = https.get(identityBase + "/metrics", scraper);
    assertThat(identity.status()).isEqualTo(200);
    identityScrape = identity.body();
    Https.Reply crypto = https.get(cryptoBase + "/metrics", root);
    assertThat(crypto.status()).isEqualTo(200);
    cryptoScrape = crypto.body();
  }

  @AfterAll
  static void stop() {
    if (env != null) {
      env.close();
    }
  }

  @Test
  void scrapingNeedsAValidTokenWithTheAdminOrMetricsRole() {
    assertThat(https.get(identityBase + "/metrics", null).status()).isEqualTo(401);
    assertThat(https.get(identityBase + "/metrics", "not-a-token").status()).isEqualTo(401);
    Https.Reply user = https.get(identityBase + "/metrics", userToken);
    assertThat(user.status()).isEqualTo(403);
    assertThat(user.json().get("error").asText()).isEqualTo("admin or metrics role required");
    assertThat(https.get(cryptoBase + "/metrics", null).status()).isEqualTo(401);
    String rootAtIdentity = https.login(identityBase, "root", TestServer.PASSWORD);
    assertThat(https.get(identityBase + "/metrics", rootAtIdentity).status()).isEqualTo(200);
  }

  @Test
  void theScrapeIsPrometheusTextFormat() {
    Https.Reply r = https.get(identityBase + "/metrics", scraper);
    assertThat(r.raw().headers().firstValue("Content-Type").orElse(""))
        .startsWith("text/plain; version=0.0.4");
    assertThat(r.body()).contains("# TYPE mc_logins_total counter");
  }

  @Test
  void noUsernameKeyNameTokenOrPasswordAppearsInAnyScrape() {
    for (String scrape : List.of(identityScrape, cryptoScrape)) {
      assertThat(scrape)
          .doesNotContain(SECRET_USER)
          .doesNotContain(SECRET_KEY)
          .doesNotContain("secret-mount-xyz")
          .doesNotContain("scraper")
          .doesNotContain(TestServer.PASSWORD)
          .doesNotContain(CryptoTestEnvironment.SEAL_PASSWORD)
          .doesNotContain(userToken)
          .doesNotContain(scraper)
          .doesNotContain(root);
    }
  }

  @Test
  void signInsAreCountedByOutcomeAndTokensByWhatHappenedToThem() {
    assertThat(identityScrape)
        .contains("mc_logins_total{outcome=\"failure\",server=\"mcias\"} 1.0")
        .containsPattern("mc_logins_total\\{outcome=\"success\",server=\"mcias\"} [1-9]")
        .containsPattern("mc_tokens_issued_total\\{server=\"mcias\"} [1-9]")
        .containsPattern("mc_tokens_validated_total\\{server=\"mcias\",valid=\"true\"} [1-9]");
  }

  @Test
  void requestsAreTimedByRouteTemplateNeverByRawPath() {
    assertThat(identityScrape)
        .contains(
            "http_server_requests_seconds_count{method=\"POST\",route=\"/v1/auth/login\","
                + "server=\"mcias\",status=\"401\"} 1")
        .contains("http_server_requests_seconds_bucket{method=\"GET\",route=\"/v1/auth/me\"");
    assertThat(cryptoScrape)
        .contains("route=\"/v1/engine/request\"")
        .doesNotContain("route=\"/v1/engine/request/");
  }

  @Test
  void theCryptoServiceReportsItsSealItsBarrierAndEngineOperationsByMount() {
    assertThat(cryptoScrape)
        .contains("mc_sealed{server=\"metacrypt\"} 0.0")
        .contains("mc_unseal_attempts_total{outcome=\"success\",server=\"metacrypt\"} 1.0")
        .contains("mc_unseal_attempts_total{outcome=\"failure\",server=\"metacrypt\"} 1.0")
        .containsPattern(
            "mc_barrier_operations_total\\{access=\"write\",server=\"metacrypt\"} [1-9]")
        .contains(
            "mc_engine_operations_total{mount=\"transit\",operation=\"encrypt\",outcome=\"ok\","
                + "server=\"metacrypt\"} 1.0")
        .contains(
            "mc_engine_operations_total{mount=\"transit\",operation=\"create-key\",outcome=\"ok\","
                + "server=\"metacrypt\"} 1.0");
  }

  @Test
  void theJvmAndTheProcessAreReported() {
    assertThat(identityScrape)
        .contains("jvm_memory_used_bytes{")
        .contains("jvm_threads_live_threads{")
        .contains("process_cpu_usage{")
        .contains("process_uptime_seconds{")
        .contains("process_files_open_files{")
        .contains("jvm_gc_");
  }
}
