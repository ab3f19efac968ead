package dev.metacircular.apps.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.inject.AbstractModule;
import com.google.inject.Provider;
import com.google.inject.multibindings.Multibinder;
import dev.metacircular.apps.crypto.CryptoServer;
import dev.metacircular.apps.crypto.CryptoTestEnvironment;
import dev.metacircular.apps.crypto.LocalCrypto;
import dev.metacircular.apps.service.BeforeListening;
import dev.metacircular.sqlite.SqliteConnectionPragmas;
import dev.metacircular.sqlite.SqliteCryptoStorage;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readiness and refused writes on a real crypto server over its real SQLite file: {@code /v1/ready}
 * answers 200 while the file takes writes; when SQLite refuses them for real ({@code PRAGMA
 * max_page_count} at the file's size gives {@code SQLITE_FULL}, {@code PRAGMA query_only} gives
 * {@code SQLITE_READONLY}) every write answers 503 with {@code storage full} or {@code storage
 * read-only}, the refusals are counted in the metrics, {@code /v1/ready} answers 503 naming the
 * checks, and the service recovers by itself once the file takes writes again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StorageRefusalTest {
  @TempDir static Path dir;
  static CryptoTestEnvironment env;
  static SqliteCryptoStorage storage;
  static String root;
  static int keys;

  @BeforeAll
  static void startACryptoServerWhoseDatabaseTheTestCanReach() {
    env = new CryptoTestEnvironment(dir);
    env.crypto.close();
    env.crypto =
        CryptoServer.start(
            env.config,
            LocalCrypto.remoteIdentity(env.config),
            Clock.systemUTC(),
            List.of(
                new AbstractModule() {
                  @Override
                  protected void configure() {
                    Provider<SqliteCryptoStorage> opened = getProvider(SqliteCryptoStorage.class);
                    Multibinder.newSetBinder(binder(), BeforeListening.class)
                        .addBinding()
                        .toInstance(() -> storage = opened.get());
                  }
                }));
    env.initAndUnseal();
    root = env.login("root");
    assertThat(
            env.post("/v1/engine/mounts", root, Map.of("name", "transit", "type", "transit"))
                .status())
        .isEqualTo(201);
  }

  @AfterAll
  static void stop() {
    if (env != null) {
      env.close();
    }
  }

  private static CryptoTestEnvironment.Reply createKey() {
    return env.request(
        root, "transit", "create-key", Map.of("name", "k" + keys++, "type", "aes256-gcm"));
  }

  private static Map<String, String> failedChecks(CryptoTestEnvironment.Reply ready) {
    Map<String, String> failed = new HashMap<>();
    for (JsonNode f : ready.json().get("failed")) {
      failed.put(f.get("check").asText(), f.get("reason").asText());
    }
    return failed;
  }

  @Test
  @Order(1)
  void aServiceThatTakesWritesIsReadyWhileHealthStaysLiveness() {
    CryptoTestEnvironment.Reply ready = env.get("/v1/ready", null);
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.json().get("status").asText()).isEqualTo("ready");
    assertThat(env.get("/v1/health", null).status()).isEqualTo(200);
  }

  @Test
  @Order(2)
  void aFullDatabaseRefusesWritesWith503StorageFullAndIsNotReady() {
    SqliteConnectionPragmas.set(
        storage, "max_page_count = " + SqliteConnectionPragmas.pageCount(storage));
    CryptoTestEnvironment.Reply refused = null;
    for (int i = 0; i < 500 && refused == null; i++) {
      CryptoTestEnvironment.Reply r = createKey();
      if (r.status() != 200) {
        refused = r;
      }
    }
    assertThat(refused).as("a write the full file refuses").isNotNull();
    assertThat(refused.status()).isEqualTo(503);
    assertThat(refused.json().get("error").asText()).isEqualTo("storage full");

    CryptoTestEnvironment.Reply ready = env.get("/v1/ready", null);
    assertThat(ready.status()).isEqualTo(503);
    assertThat(ready.json().get("status").asText()).isEqualTo("not ready");
    assertThat(failedChecks(ready))
        .containsEntry("storage", "storage full")
        .containsEntry("audit", "storage full")
        .doesNotContainKey("unsealed");
    // Liveness is not readiness: the process still answers.
    assertThat(env.get("/v1/health", null).status()).isEqualTo(200);
    // Reads still work.
    assertThat(env.get("/v1/engine/mounts", root).status()).isEqualTo(200);

    assertThat(env.get("/metrics", root).body())
        .containsPattern(
            "mc_storage_refusals_total\\{problem=\"full\",server=\"metacrypt\"} [1-9]");
  }

  @Test
  @Order(3)
  void whenSpaceReturnsTheServiceRecoversByItself() {
    SqliteConnectionPragmas.set(storage, "max_page_count = 1073741823");
    assertThat(env.get("/v1/ready", null).status()).isEqualTo(200);
    assertThat(createKey().status()).isEqualTo(200);
  }

  @Test
  @Order(4)
  void aReadOnlyDatabaseRefusesWritesWith503StorageReadOnlyThenRecovers() {
    SqliteConnectionPragmas.set(storage, "query_only = 1");
    CryptoTestEnvironment.Reply refused = createKey();
    assertThat(refused.status()).isEqualTo(503);
    assertThat(refused.json().get("error").asText()).isEqualTo("storage read-only");
    CryptoTestEnvironment.Reply ready = env.get("/v1/ready", null);
    assertThat(ready.status()).isEqualTo(503);
    assertThat(failedChecks(ready)).containsEntry("storage", "storage read-only");
    assertThat(env.get("/metrics", root).body())
        .containsPattern(
            "mc_storage_refusals_total\\{problem=\"read_only\",server=\"metacrypt\"} [1-9]");

    SqliteConnectionPragmas.set(storage, "query_only = 0");
    assertThat(env.get("/v1/ready", null).status()).isEqualTo(200);
    assertThat(createKey().status()).isEqualTo(200);
  }

  @Test
  @Order(5)
  void aSealedServiceIsNotReadyAndSaysSo() {
    assertThat(env.post("/v1/seal", root, null).status()).isEqualTo(200);
    CryptoTestEnvironment.Reply ready = env.get("/v1/ready", null);
    assertThat(ready.status()).isEqualTo(503);
    assertThat(failedChecks(ready)).containsOnly(Map.entry("unsealed", "sealed"));
    assertThat(
            env.post("/v1/unseal", null, Map.of("password", CryptoTestEnvironment.SEAL_PASSWORD))
                .status())
        .isEqualTo(200);
    assertThat(env.get("/v1/ready", null).status()).isEqualTo(200);
  }

  @Test
  @Order(6)
  void anUnreachableIdentityServiceMakesTheCryptoServiceNotReady() {
    env.identity.close();
    CryptoTestEnvironment.Reply ready = env.get("/v1/ready", null);
    assertThat(ready.status()).isEqualTo(503);
    assertThat(failedChecks(ready)).containsEntry("identity", "identity service unavailable");
  }
}
