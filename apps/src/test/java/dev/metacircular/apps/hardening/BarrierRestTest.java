package dev.metacircular.apps.hardening;

import static dev.metacircular.apps.crypto.CryptoTestEnvironment.SEAL_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.apps.crypto.CryptoTestEnvironment;
import dev.metacircular.apps.crypto.CryptoTestEnvironment.Reply;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9 item 12: the seal barrier's path binding seen from the REST door, with the attacker
 * holding the real SQLite file of a stopped server (no key): swapping two rows' sealed values — two
 * transit keys, two ACL rules, two mounts' data keys — gets the attacker nothing. The server
 * answers 500 {"error":"internal error"} at the swapped entries (the barrier never hands out a
 * value at a path it was not written to), a request the swapped ACL would have let through is not
 * let through, and the rest of the service keeps working.
 */
class BarrierRestTest {

  @TempDir Path dir;
  CryptoTestEnvironment env;
  String root;
  String alice;

  @BeforeEach
  void start() {
    env = new CryptoTestEnvironment(dir);
    env.initAndUnseal();
    root = env.login("root");
  }

  @AfterEach
  void stop() {
    env.close();
  }

  private void mount(String name) {
    Reply r = env.post("/v1/engine/mounts", root, Map.of("name", name, "type", "transit"));
    assertThat(r.status()).as(r.body()).isIn(200, 201);
  }

  private void createKey(String mount, String name) {
    Reply r = env.request(root, mount, "create-key", Map.of("name", name, "type", "aes256-gcm"));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  private String encrypt(String token, String mount, String key, String base64) {
    Reply r = env.request(token, mount, "encrypt", Map.of("key", key, "plaintext", base64));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().get("data").get("ciphertext").asText();
  }

  private Reply decrypt(String token, String mount, String key, String ciphertext) {
    return env.request(token, mount, "decrypt", Map.of("key", key, "ciphertext", ciphertext));
  }

  private static void assertInternalError(Reply r) {
    assertThat(r.status()).as(r.body()).isEqualTo(500);
    assertThat(r.body()).isEqualTo("{\"error\":\"internal error\"}");
  }

  /** Stops the server, swaps two rows' values in its file, starts and unseals it again. */
  private void swapRowsOffline(String a, String b) throws Exception {
    env.crypto.close();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + env.config.databasePath())) {
      byte[] first = value(c, a);
      byte[] second = value(c, b);
      set(c, a, second);
      set(c, b, first);
    }
    env.start();
    assertThat(env.post("/v1/unseal", null, Map.of("password", SEAL_PASSWORD)).status())
        .isEqualTo(200);
    root = env.login("root");
  }

  private static byte[] value(Connection c, String key) throws Exception {
    try (PreparedStatement s = c.prepareStatement("SELECT value FROM barrier WHERE key = ?")) {
      s.setString(1, key);
      try (ResultSet rs = s.executeQuery()) {
        assertThat(rs.next()).as("row %s", key).isTrue();
        return rs.getBytes(1);
      }
    }
  }

  private static void set(Connection c, String key, byte[] value) throws Exception {
    try (PreparedStatement s = c.prepareStatement("UPDATE barrier SET value = ? WHERE key = ?")) {
      s.setBytes(1, value);
      s.setString(2, key);
      assertThat(s.executeUpdate()).isEqualTo(1);
    }
  }

  @Test
  void twoTransitKeysSwappedInTheFileOpenAtNeitherPath() throws Exception {
    mount("transit");
    createKey("transit", "a");
    createKey("transit", "b");
    String underA = encrypt(root, "transit", "a", "AQIDBA==");
    String underB = encrypt(root, "transit", "b", "BQYHCA==");

    swapRowsOffline("engine/transit/keys/a", "engine/transit/keys/b");

    assertInternalError(decrypt(root, "transit", "a", underA));
    assertInternalError(decrypt(root, "transit", "a", underB));
    assertInternalError(decrypt(root, "transit", "b", underB));
    assertInternalError(
        env.request(root, "transit", "encrypt", Map.of("key", "a", "plaintext", "AQ==")));
    // Nothing else is hurt: a new key on the same mount works.
    createKey("transit", "c");
    assertThat(encrypt(root, "transit", "c", "AQ==")).startsWith("metacrypt:v1:");
  }

  @Test
  void twoMountsDataKeysSwappedInTheFileOpenNeitherMount() throws Exception {
    mount("t1");
    mount("t2");
    createKey("t1", "k");
    createKey("t2", "k");
    String underT1 = encrypt(root, "t1", "k", "AQIDBA==");

    swapRowsOffline("sys/deks/t1", "sys/deks/t2");

    assertInternalError(decrypt(root, "t1", "k", underT1));
    assertInternalError(decrypt(root, "t2", "k", underT1));
    assertThat(env.get("/v1/status", null).body()).isEqualTo("{\"state\":\"unsealed\"}");
  }

  @Test
  void twoAclRulesSwappedInTheFileFailClosed() throws Exception {
    mount("transit");
    createKey("transit", "k");
    // Alice may encrypt; bob's rule denies him. Swapped, alice's row would hold bob's rule.
    assertThat(
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
                        "actions",
                        List.of("encrypt")))
                .status())
        .isIn(200, 201);
    assertThat(
            env.post(
                    "/v1/policy/rules",
                    root,
                    Map.of(
                        "id",
                        "nobody-decrypts",
                        "priority",
                        10,
                        "effect",
                        "deny",
                        "actions",
                        List.of("decrypt")))
                .status())
        .isIn(200, 201);
    alice = env.login("alice");
    String ciphertext = encrypt(alice, "transit", "k", "AQIDBA==");
    assertThat(decrypt(alice, "transit", "k", ciphertext).status()).isEqualTo(403);

    swapRowsOffline(rulePath("alice-encrypts"), rulePath("nobody-decrypts"));
    alice = env.login("alice");

    // The rules cannot be read, so nothing is allowed on their strength; admins still manage.
    assertInternalError(
        env.request(alice, "transit", "encrypt", Map.of("key", "k", "plaintext", "AQ==")));
    assertInternalError(decrypt(alice, "transit", "k", ciphertext));
    assertInternalError(env.get("/v1/policy/rules", root));
    assertThat(
            env.request(root, "transit", "encrypt", Map.of("key", "k", "plaintext", "AQ=="))
                .status())
        .isEqualTo(200);
  }

  private static String rulePath(String id) {
    return "sys/policy/rules/" + HexFormat.of().formatHex(id.getBytes(StandardCharsets.UTF_8));
  }
}
