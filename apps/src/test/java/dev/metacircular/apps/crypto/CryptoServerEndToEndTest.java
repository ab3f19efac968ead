package dev.metacircular.apps.crypto;

import static dev.metacircular.apps.crypto.CryptoTestEnvironment.SEAL_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.apps.crypto.CryptoTestEnvironment.Reply;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Metacrypt runbook (seed 000) end to end, over TLS, against a real identity service. */
class CryptoServerEndToEndTest {

  @TempDir java.nio.file.Path dir;
  CryptoTestEnvironment env;

  @BeforeEach
  void start() {
    env = new CryptoTestEnvironment(dir);
  }

  @AfterEach
  void stop() {
    env.close();
  }

  @Test
  void theRunbookFlowInitUnsealLoginTransitSealRestart() {
    assertThat(env.get("/v1/status", null).body()).isEqualTo("{\"state\":\"uninitialized\"}");
    assertThat(
            env.post("/v1/auth/login", null, Map.of("username", "root", "password", "x")).status())
        .isEqualTo(412);
    assertThat(env.post("/v1/unseal", null, Map.of("password", SEAL_PASSWORD)).body())
        .isEqualTo("{\"error\":\"not initialized\"}");
    assertThat(env.post("/v1/init", null, Map.of("password", "short")).status()).isEqualTo(400);

    env.initAndUnseal();
    assertThat(env.get("/v1/status", null).body()).isEqualTo("{\"state\":\"unsealed\"}");
    assertThat(env.post("/v1/init", null, Map.of("password", SEAL_PASSWORD)).status())
        .isEqualTo(409);

    String root = env.login("root");
    Reply info = env.get("/v1/auth/tokeninfo", root);
    assertThat(info.json().get("username").asText()).isEqualTo("root");
    assertThat(info.json().get("is_admin").asBoolean()).isTrue();

    assertThat(
            env.post("/v1/engine/mounts", root, Map.of("name", "transit", "type", "transit"))
                .status())
        .isEqualTo(201);
    assertThat(
            env.request(
                    root, "transit", "create-key", Map.of("name", "payments", "type", "aes256-gcm"))
                .status())
        .isEqualTo(200);
    Reply encrypted =
        env.request(
            root, "transit", "encrypt", Map.of("key", "payments", "plaintext", "c2VjcmV0IGRhdGE="));
    assertThat(encrypted.status()).as(encrypted.body()).isEqualTo(200);
    String ciphertext = encrypted.json().get("data").get("ciphertext").asText();
    assertThat(ciphertext).startsWith("metacrypt:v1:");

    assertThat(env.post("/v1/seal", root, null).body()).isEqualTo("{\"state\":\"sealed\"}");
    Reply sealed =
        env.request(
            root, "transit", "decrypt", Map.of("key", "payments", "ciphertext", ciphertext));
    assertThat(sealed.status()).isEqualTo(503);
    assertThat(sealed.body()).isEqualTo("{\"error\":\"sealed\"}");
    assertThat(env.post("/v1/unseal", null, Map.of("password", "wrong password!!")).body())
        .isEqualTo("{\"error\":\"invalid password\"}");
    assertThat(env.post("/v1/unseal", null, Map.of("password", SEAL_PASSWORD)).status())
        .isEqualTo(200);
    assertThat(decrypt(root, "payments", ciphertext)).isEqualTo("c2VjcmV0IGRhdGE=");

    Reply audit = env.get("/v1/audit?limit=100", root);
    assertThat(audit.status()).as(audit.body()).isEqualTo(200);
    assertThat(audit.body())
        .contains(
            "\"barrier_initialized\"",
            "\"mount_created\"",
            "\"engine_request\"",
            "\"sealed\"",
            "\"unseal_failure\"",
            "\"unseal_success\"")
        .doesNotContain(SEAL_PASSWORD, "c2VjcmV0IGRhdGE=");
    assertThat(env.get("/v1/audit", env.login("alice")).status()).isEqualTo(403);

    env.restart();
    assertThat(env.get("/v1/status", null).body()).isEqualTo("{\"state\":\"sealed\"}");
    assertThat(env.post("/v1/unseal", null, Map.of("password", SEAL_PASSWORD)).status())
        .isEqualTo(200);
    assertThat(decrypt(root, "payments", ciphertext)).isEqualTo("c2VjcmV0IGRhdGE=");
  }

  @Test
  void theAclDecidesEveryEngineRequestForNonAdmins() {
    env.initAndUnseal();
    String root = env.login("root");
    String alice = env.login("alice");
    env.post("/v1/engine/mounts", root, Map.of("name", "transit", "type", "transit"));
    env.request(root, "transit", "create-key", Map.of("name", "k", "type", "aes256-gcm"));

    Reply denied =
        env.request(alice, "transit", "encrypt", Map.of("key", "k", "plaintext", "AA=="));
    assertThat(denied.status()).isEqualTo(403);
    assertThat(denied.body()).isEqualTo("{\"error\":\"permission denied\"}");
    assertThat(
            env.post("/v1/engine/mounts", alice, Map.of("name", "x", "type", "transit")).status())
        .isEqualTo(403);

    Reply rule =
        env.post(
            "/v1/policy/rules",
            root,
            Map.of(
                "id",
                "alice-encrypts",
                "priority",
                10,
                "effect",
                "allow",
                "subjects",
                Map.of("usernames", List.of("alice")),
                "resources",
                Map.of("mounts", List.of("transit")),
                "actions",
                List.of("encrypt")));
    assertThat(rule.status()).as(rule.body()).isEqualTo(201);
    assertThat(
            env.request(alice, "transit", "encrypt", Map.of("key", "k", "plaintext", "AA=="))
                .status())
        .isEqualTo(200);
    assertThat(
            env.request(alice, "transit", "decrypt", Map.of("key", "k", "ciphertext", "x"))
                .status())
        .isEqualTo(403);

    Reply explain =
        env.post(
            "/v1/policy/explain",
            root,
            Map.of(
                "subject",
                Map.of("username", "alice", "roles", List.of("user")),
                "resource",
                Map.of("mount", "transit"),
                "action",
                "encrypt"));
    assertThat(explain.json().get("decision").asText()).isEqualTo("allow");
    assertThat(explain.json().get("rule").get("id").asText()).isEqualTo("alice-encrypts");
  }

  @Test
  void fiveWrongUnsealsLockUnsealEvenForTheRightPassword() {
    env.initAndUnseal();
    env.restart();
    for (int i = 0; i < 5; i++) {
      assertThat(env.post("/v1/unseal", null, Map.of("password", "not the password")).status())
          .isEqualTo(401);
    }
    Reply locked = env.post("/v1/unseal", null, Map.of("password", SEAL_PASSWORD));
    assertThat(locked.status()).isEqualTo(429);
    assertThat(locked.body()).isEqualTo("{\"error\":\"too many attempts\"}");
    assertThat(Integer.parseInt(locked.raw().headers().firstValue("Retry-After").orElseThrow()))
        .isBetween(1, 60);
    assertThat(env.get("/v1/status", null).body()).isEqualTo("{\"state\":\"sealed\"}");
  }

  @Test
  void rekeyOverTheApiChangesThePasswordAndKeepsTheData() {
    env.initAndUnseal();
    String root = env.login("root");
    env.post("/v1/engine/mounts", root, Map.of("name", "transit", "type", "transit"));
    env.request(root, "transit", "create-key", Map.of("name", "k", "type", "aes256-gcm"));
    String ciphertext =
        env.request(root, "transit", "encrypt", Map.of("key", "k", "plaintext", "AQID"))
            .json()
            .get("data")
            .get("ciphertext")
            .asText();
    assertThat(
            env.post(
                    "/v1/rekey",
                    root,
                    Map.of(
                        "old_password", "not it at all", "new_password", "the next seal password"))
                .status())
        .isEqualTo(401);
    assertThat(
            env.post(
                    "/v1/rekey",
                    root,
                    Map.of("old_password", SEAL_PASSWORD, "new_password", "the next seal password"))
                .status())
        .isEqualTo(200);

    env.restart();
    assertThat(env.post("/v1/unseal", null, Map.of("password", SEAL_PASSWORD)).status())
        .isEqualTo(401);
    assertThat(env.post("/v1/unseal", null, Map.of("password", "the next seal password")).status())
        .isEqualTo(200);
    assertThat(decrypt(root, "k", ciphertext)).isEqualTo("AQID");
  }

  @Test
  void masterKeyRotationKeepsEverythingReadable() {
    env.initAndUnseal();
    String root = env.login("root");
    env.post("/v1/engine/mounts", root, Map.of("name", "transit", "type", "transit"));
    env.request(root, "transit", "create-key", Map.of("name", "k", "type", "aes256-gcm"));
    String ciphertext =
        env.request(root, "transit", "encrypt", Map.of("key", "k", "plaintext", "AQID"))
            .json()
            .get("data")
            .get("ciphertext")
            .asText();
    Reply rotated = env.post("/v1/rotate", root, null);
    assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
    assertThat(rotated.json().get("active_version").asInt()).isEqualTo(2);
    Reply status = env.get("/v1/key-status", root);
    assertThat(status.json().get("versions").toString()).isEqualTo("[1,2]");
    assertThat(decrypt(root, "k", ciphertext)).isEqualTo("AQID");
    env.restart();
    env.post("/v1/unseal", null, Map.of("password", SEAL_PASSWORD));
    assertThat(env.get("/v1/key-status", root).json().get("active_version").asInt()).isEqualTo(2);
    assertThat(decrypt(root, "k", ciphertext)).isEqualTo("AQID");
  }

  private String decrypt(String token, String key, String ciphertext) {
    Reply r =
        env.request(token, "transit", "decrypt", Map.of("key", key, "ciphertext", ciphertext));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().get("data").get("plaintext").asText();
  }
}
