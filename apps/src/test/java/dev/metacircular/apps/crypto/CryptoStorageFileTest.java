package dev.metacircular.apps.crypto;

import static dev.metacircular.apps.crypto.CryptoTestEnvironment.SEAL_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.apps.cli.Run;
import dev.metacircular.apps.crypto.CryptoTestEnvironment.Reply;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crypto service against its real SQLite file: what an attacker with the file (or a disk fault)
 * can do, what an operator's backup and offline tools do.
 */
class CryptoStorageFileTest {

  @TempDir Path dir;
  CryptoTestEnvironment env;
  String root;

  @BeforeEach
  void start() {
    env = new CryptoTestEnvironment(dir);
    env.initAndUnseal();
    root = env.login("root");
    env.post("/v1/engine/mounts", root, Map.of("name", "transit", "type", "transit"));
  }

  @AfterEach
  void stop() {
    env.close();
  }

  Path db() {
    return env.config.databasePath();
  }

  String encrypt(String key, String base64) {
    Reply r = env.request(root, "transit", "encrypt", Map.of("key", key, "plaintext", base64));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().get("data").get("ciphertext").asText();
  }

  void createKey(String name, boolean exportable) {
    Reply r =
        env.request(
            root,
            "transit",
            "create-key",
            Map.of("name", name, "type", "aes256-gcm", "exportable", exportable));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  void restartAndUnseal() {
    env.restart();
    assertThat(env.post("/v1/unseal", null, Map.of("password", SEAL_PASSWORD)).status())
        .isEqualTo(200);
    root = env.login("root");
  }

  /** Runs SQL on the stopped server's file. */
  byte[] value(String key) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db());
        PreparedStatement s = c.prepareStatement("SELECT value FROM barrier WHERE key = ?")) {
      s.setString(1, key);
      try (ResultSet rs = s.executeQuery()) {
        assertThat(rs.next()).as(key).isTrue();
        return rs.getBytes(1);
      }
    }
  }

  void setValue(String key, byte[] value) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db());
        PreparedStatement s = c.prepareStatement("UPDATE barrier SET value = ? WHERE key = ?")) {
      s.setBytes(1, value);
      s.setString(2, key);
      assertThat(s.executeUpdate()).isEqualTo(1);
    }
  }

  @Test
  void aFlippedByteInTheFileIsAnIntegrityErrorNeverGarbageOrACrash() throws Exception {
    createKey("k", false);
    String ciphertext = encrypt("k", "AQIDBA==");
    env.crypto.close();

    byte[] stored = value("engine/transit/keys/k");
    stored[stored.length / 2] ^= 0x01;
    setValue("engine/transit/keys/k", stored);

    env.start();
    env.post("/v1/unseal", null, Map.of("password", SEAL_PASSWORD));
    root = env.login("root");
    Reply tampered =
        env.request(root, "transit", "decrypt", Map.of("key", "k", "ciphertext", ciphertext));
    assertThat(tampered.status()).isEqualTo(500);
    assertThat(tampered.body()).isEqualTo("{\"error\":\"internal error\"}");
    assertThat(env.get("/v1/status", null).body()).isEqualTo("{\"state\":\"unsealed\"}");
    createKey("other", false);
    assertThat(encrypt("other", "AQ==")).startsWith("metacrypt:v1:");
  }

  @Test
  void aValueCopiedToAnotherPathNeverOpens() throws Exception {
    createKey("a", false);
    createKey("b", false);
    String ciphertext = encrypt("a", "AQIDBA==");
    env.crypto.close();

    setValue("engine/transit/keys/b", value("engine/transit/keys/a"));

    env.start();
    env.post("/v1/unseal", null, Map.of("password", SEAL_PASSWORD));
    root = env.login("root");
    assertThat(env.request(root, "transit", "get-key", Map.of("name", "b")).status())
        .isEqualTo(500);
    assertThat(
            env.request(root, "transit", "decrypt", Map.of("key", "a", "ciphertext", ciphertext))
                .json()
                .get("data")
                .get("plaintext")
                .asText())
        .isEqualTo("AQIDBA==");
  }

  @Test
  void theFileNeverHoldsKeyMaterialOrPolicyInPlaintext() throws Exception {
    createKey("exportable", true);
    Reply exported = env.request(root, "transit", "export-key", Map.of("name", "exportable"));
    assertThat(exported.status()).as(exported.body()).isEqualTo(200);
    String keyBase64 = findBase64Key(exported.body());
    byte[] keyBytes = Base64.getDecoder().decode(keyBase64);
    String marker = "plaintext-marker-" + System.nanoTime();
    assertThat(
            env.post(
                    "/v1/policy/rules",
                    root,
                    Map.of(
                        "priority",
                        10,
                        "effect",
                        "allow",
                        "description",
                        marker,
                        "subjects",
                        Map.of("usernames", List.of(marker))))
                .status())
        .isEqualTo(201);
    env.crypto.close();

    byte[] file = Files.readAllBytes(db());
    Path wal = db().resolveSibling(db().getFileName() + "-wal");
    byte[] walBytes = Files.exists(wal) ? Files.readAllBytes(wal) : new byte[0];
    for (byte[] haystack : List.of(file, walBytes)) {
      assertThat(indexOf(haystack, keyBytes)).isEqualTo(-1);
      assertThat(indexOf(haystack, marker.getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
      assertThat(indexOf(haystack, keyBase64.getBytes(StandardCharsets.US_ASCII))).isEqualTo(-1);
    }
    env.start();
  }

  @Test
  void aSnapshotRestoresWithTheOriginalPassword() throws Exception {
    createKey("k", false);
    String ciphertext = encrypt("k", "AQIDBA==");
    Path backup = dir.resolve("backup.db");
    Run.Result snapshot =
        Run.mc(
            Map.of(),
            "metacrypt",
            "snapshot",
            "--config",
            env.configFile.toString(),
            "--output",
            backup.toString());
    assertThat(snapshot.exitCode()).as(snapshot.err()).isZero();
    assertThat(snapshot.out()).contains("snapshot written to " + backup);

    env.request(
        root, "transit", "update-key-config", Map.of("name", "k", "deletion_allowed", true));
    assertThat(env.request(root, "transit", "delete-key", Map.of("name", "k")).status())
        .isEqualTo(200);

    env.crypto.close(); // 1. stop
    Files.copy(backup, db(), StandardCopyOption.REPLACE_EXISTING); // 2. copy
    Files.deleteIfExists(db().resolveSibling(db().getFileName() + "-wal"));
    Files.deleteIfExists(db().resolveSibling(db().getFileName() + "-shm"));
    restartAndUnseal(); // 3-5. start, unseal
    Reply restored =
        env.request(root, "transit", "decrypt", Map.of("key", "k", "ciphertext", ciphertext));
    assertThat(restored.status()).as(restored.body()).isEqualTo(200);
    assertThat(restored.json().get("data").get("plaintext").asText()).isEqualTo("AQIDBA==");
  }

  @Test
  void offlineInitStatusAndRekeyThroughTheCommandLine() throws Exception {
    env.crypto.close();
    Files.delete(db());
    String config = env.configFile.toString();

    Run.Result init =
        Run.mcWithStdin(
            Map.of(), "the offline seal password\n", "metacrypt", "init", "--config", config);
    assertThat(init.exitCode()).as(init.err()).isZero();
    assertThat(init.out()).contains("initialized").doesNotContain("the offline seal password");
    Run.Result again =
        Run.mcWithStdin(
            Map.of(), "the offline seal password\n", "metacrypt", "init", "--config", config);
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err()).contains("already initialized");

    env.start();
    String ca = env.identity.dir.resolve("tls.crt").toString();
    Run.Result sealed =
        Run.mc(Map.of(), "metacrypt", "status", "--addr", env.base().toString(), "--ca-cert", ca);
    assertThat(sealed.out().trim()).isEqualTo("sealed");
    assertThat(sealed.exitCode()).isEqualTo(1);
    assertThat(
            env.post("/v1/unseal", null, Map.of("password", "the offline seal password")).status())
        .isEqualTo(200);
    Run.Result unsealed =
        Run.mc(Map.of(), "metacrypt", "status", "--addr", env.base().toString(), "--ca-cert", ca);
    assertThat(unsealed.out().trim()).isEqualTo("unsealed");
    assertThat(unsealed.exitCode()).isZero();
    Run.Result untrusted = Run.mc(Map.of(), "metacrypt", "status", "--addr", env.base().toString());
    assertThat(untrusted.exitCode()).isEqualTo(1);
    assertThat(untrusted.err()).contains("TLS handshake");

    Run.Result rekey =
        Run.mcWithStdin(
            Map.of(),
            "the offline seal password\nanother seal password\n",
            "metacrypt",
            "rekey",
            "--config",
            config);
    assertThat(rekey.exitCode()).as(rekey.err()).isZero();
    env.restart();
    assertThat(
            env.post("/v1/unseal", null, Map.of("password", "the offline seal password")).status())
        .isEqualTo(401);
    assertThat(env.post("/v1/unseal", null, Map.of("password", "another seal password")).status())
        .isEqualTo(200);
  }

  private static String findBase64Key(String body) throws Exception {
    String key =
        CryptoTestEnvironment.JSON.readTree(body).get("data").get("keys").get("1").asText();
    assertThat(key).as(body).isNotBlank();
    return key;
  }

  static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
