package dev.metacircular.apps.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metacircular.apps.hardening.RefusalAuditPlatform.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9 item 5 at the crypto service's REST door: a user's seal, an admin's 404 and 409, a
 * request without a token, a bad unseal and a bad rekey each leave an audit entry with the caller
 * (when authenticated), the action, the target and the reason, once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RefusalAuditCryptoRestTest {
  Path dir;
  RefusalAuditPlatform p;
  String admin;
  String alice;
  String aliceId;

  @BeforeAll
  void start(@TempDir Path tmp) {
    dir = tmp;
    p = new RefusalAuditPlatform(dir);
    admin = p.cryptoLogin("admin", p.adminPassword);
    alice = p.cryptoLogin(RefusalAuditPlatform.USER, RefusalAuditPlatform.USER_PASSWORD);
    aliceId = p.crypto("GET", "/v1/auth/tokeninfo", alice, null).json().get("sub").asText();
  }

  @AfterAll
  void stop() {
    p.close();
  }

  private JsonNode last(String action) {
    return p.lastRefusal(p.cryptoBase(), admin, action);
  }

  private List<JsonNode> events(String type) {
    Reply r = p.crypto("GET", "/v1/audit?type=" + type + "&limit=1000", admin, null);
    assertThat(r.status()).isEqualTo(200);
    List<JsonNode> events = new ArrayList<>();
    r.json().get("events").forEach(events::add);
    return events;
  }

  @Test
  void aUsersSealIsAuditedWithTheCaller() {
    assertThat(p.crypto("POST", "/v1/seal", alice, null).status()).isEqualTo(403);

    JsonNode e = last("seal.seal");
    assertThat(e.get("actor").asText()).isEqualTo(aliceId);
    assertThat(e.get("source_address").asText()).isEqualTo("127.0.0.1");
    assertThat(e.get("details").get("username").asText()).isEqualTo("alice");
    assertThat(e.get("details").get("status").asText()).isEqualTo("403");
    assertThat(p.crypto("GET", "/v1/status", null, null).json().get("state").asText())
        .isEqualTo("unsealed");
  }

  @Test
  void anAdminsNotFoundAndConflictNameTheMount() {
    assertThat(p.crypto("DELETE", "/v1/engine/mounts/nowhere", admin, null).status())
        .isEqualTo(404);
    assertThat(last("mounts.unmount").get("subject").asText()).isEqualTo("nowhere");

    assertThat(
            p.crypto(
                    "POST",
                    "/v1/engine/mounts",
                    admin,
                    Map.of("name", "transit", "type", "transit"))
                .status())
        .isEqualTo(409);
    JsonNode e = last("mounts.mount");
    assertThat(e.get("subject").asText()).isEqualTo("transit");
    assertThat(e.get("details").get("status").asText()).isEqualTo("409");
    assertThat(e.get("details").get("username").asText()).isEqualTo("admin");
  }

  @Test
  void aRequestWithoutATokenIsAuditedWithoutACaller() {
    assertThat(p.sendRaw(p.cryptoBase(), "GET", "/v1/engine/mounts", null).status()).isEqualTo(401);
    JsonNode e = last("auth.authenticate");
    assertThat(e.get("actor").asText()).isEmpty();
    assertThat(e.get("source_address").asText()).isEqualTo("127.0.0.1");
    assertThat(e.get("details").get("reason").asText()).isEqualTo("missing token");
  }

  @Test
  void anAclDenialIsAuditedOnce() {
    int before = events("engine_request_denied").size();
    int refusedBefore = p.refusals(p.cryptoBase(), admin).size();

    Reply r =
        p.crypto(
            "POST",
            "/v1/engine/request",
            alice,
            Map.of("mount", "transit", "operation", "list-keys", "data", Map.of()));

    assertThat(r.status()).isEqualTo(403);
    assertThat(events("engine_request_denied")).hasSize(before + 1);
    assertThat(p.refusals(p.cryptoBase(), admin)).hasSize(refusedBefore);
  }

  @Test
  void aBadRekeyAndABadUnsealAreAudited() throws IOException {
    int failures = events("unseal_failure").size();
    assertThat(
            p.crypto(
                    "POST",
                    "/v1/rekey",
                    admin,
                    Map.of(
                        "old_password",
                        "not the seal password",
                        "new_password",
                        "a brand new seal password"))
                .status())
        .isEqualTo(401);
    List<JsonNode> afterRekey = events("unseal_failure");
    assertThat(afterRekey).hasSize(failures + 1);
    assertThat(afterRekey.get(0).get("subject").asText()).isEqualTo("rekey");
    assertThat(afterRekey.get(0).get("source_address").asText()).isEqualTo("127.0.0.1");

    assertThat(p.crypto("POST", "/v1/seal", admin, null).status()).isEqualTo(200);
    try {
      assertThat(
              p.crypto(
                      "POST", "/v1/unseal", null, Map.of("password", "still not the seal password"))
                  .status())
          .isEqualTo(401);
    } finally {
      String password = Files.readString(p.data.resolve("seal.password")).strip();
      assertThat(p.crypto("POST", "/v1/unseal", null, Map.of("password", password)).status())
          .isEqualTo(200);
    }
    // Read once unsealed again (the audit API answers 503 while sealed).
    List<JsonNode> afterUnseal = events("unseal_failure");
    assertThat(afterUnseal).hasSize(failures + 2);
    assertThat(afterUnseal.get(0).get("source_address").asText()).isEqualTo("127.0.0.1");
  }
}
