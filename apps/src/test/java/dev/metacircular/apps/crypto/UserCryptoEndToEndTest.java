package dev.metacircular.apps.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metacircular.apps.crypto.CryptoTestEnvironment.Reply;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Role;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * User-to-user encryption over the real servers: every {@code user} account may register and
 * encrypt and decrypt under one ACL rule; a recipient reads, anyone else is refused, a flipped byte
 * is a 400, and neither the plaintext nor a private key is ever in the database file.
 */
class UserCryptoEndToEndTest {
  @TempDir static Path dir;
  static CryptoTestEnvironment env;
  static String alice;
  static String bob;
  static String carol;

  static final String SECRET = "the launch code is 0000 and nobody may know";

  @BeforeAll
  static void start() {
    env = new CryptoTestEnvironment(dir.resolve("servers"));
    env.identity.createAccount("bob", AccountType.HUMAN, Role.USER);
    env.identity.createAccount("carol", AccountType.HUMAN, Role.USER);
    env.initAndUnseal();
    String root = env.login("root");
    assertThat(env.post("/v1/engine/mounts", root, Map.of("name", "u2u", "type", "user")).status())
        .isEqualTo(201);
    Reply rule =
        env.post(
            "/v1/policy/rules",
            root,
            Map.of(
                "id",
                "users-u2u",
                "priority",
                10,
                "effect",
                "allow",
                "subjects",
                Map.of("roles", List.of("user")),
                "resources",
                Map.of("mounts", List.of("u2u")),
                "actions",
                List.of("register", "rotate", "get-public-key", "encrypt", "decrypt")));
    assertThat(rule.status()).as(rule.body()).isEqualTo(201);
    alice = env.login("alice");
    bob = env.login("bob");
    carol = env.login("carol");
  }

  @AfterAll
  static void stop() {
    env.close();
  }

  static JsonNode ok(Reply r) {
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().get("data");
  }

  @Test
  void onlyTheRecipientsReadAndTamperingNeverYieldsPlaintext() throws Exception {
    for (String token : List.of(alice, bob, carol)) {
      JsonNode key = ok(env.request(token, "u2u", "register", Map.of()));
      assertThat(key.get("key_version").asInt()).isEqualTo(1);
      assertThat(key.get("key_type").asText()).isEqualTo("x25519");
    }
    JsonNode bobsKey = ok(env.request(alice, "u2u", "get-public-key", Map.of("username", "bob")));
    assertThat(bobsKey.get("username").asText()).isEqualTo("bob");

    String plaintext = Base64.getEncoder().encodeToString(SECRET.getBytes(StandardCharsets.UTF_8));
    String context =
        Base64.getEncoder().encodeToString("thread-42".getBytes(StandardCharsets.UTF_8));
    String envelope =
        ok(env.request(
                alice,
                "u2u",
                "encrypt",
                Map.of("recipients", List.of("bob"), "plaintext", plaintext, "context", context)))
            .get("envelope")
            .asText();

    JsonNode opened = ok(env.request(bob, "u2u", "decrypt", Map.of("envelope", envelope)));
    assertThat(opened.get("plaintext").asText()).isEqualTo(plaintext);
    assertThat(opened.get("sender").asText()).isEqualTo("alice");
    assertThat(opened.get("recipients").toString()).isEqualTo("[\"bob\"]");
    assertThat(opened.get("context").asText()).isEqualTo(context);
    assertThat(opened.has("sent_at")).isTrue();

    Reply notForCarol = env.request(carol, "u2u", "decrypt", Map.of("envelope", envelope));
    assertThat(notForCarol.status()).isEqualTo(403);
    assertThat(notForCarol.body())
        .isEqualTo("{\"error\":\"you are not a recipient of this envelope\"}");

    byte[] raw = Base64.getDecoder().decode(envelope);
    for (int at : new int[] {0, 5, raw.length / 2, raw.length - 40, raw.length - 1}) {
      byte[] flipped = raw.clone();
      flipped[at] ^= 0x01;
      Reply r =
          env.request(
              bob,
              "u2u",
              "decrypt",
              Map.of("envelope", Base64.getEncoder().encodeToString(flipped)));
      assertThat(r.status()).as("byte " + at).isEqualTo(400);
      assertThat(r.body()).doesNotContain(plaintext);
    }

    // rotation keeps old envelopes readable
    assertThat(ok(env.request(bob, "u2u", "rotate", Map.of())).get("key_version").asInt())
        .isEqualTo(2);
    assertThat(
            ok(env.request(bob, "u2u", "decrypt", Map.of("envelope", envelope)))
                .get("plaintext")
                .asText())
        .isEqualTo(plaintext);

    // nothing secret in the database files
    List<Path> files;
    try (Stream<Path> s = Files.list(dir.resolve("servers"))) {
      files = s.filter(p -> p.getFileName().toString().startsWith("metacrypt.db")).toList();
    }
    assertThat(files).isNotEmpty();
    for (Path f : files) {
      String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
      assertThat(bytes).doesNotContain(SECRET).doesNotContain("launch code");
      assertThat(bytes).doesNotContain("PRIVATE KEY");
    }
  }
}
