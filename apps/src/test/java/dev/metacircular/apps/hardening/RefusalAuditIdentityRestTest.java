package dev.metacircular.apps.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metacircular.apps.hardening.RefusalAuditPlatform.Reply;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9 item 5 at the identity service's REST door: a 403 on an admin path, an admin's 404 and
 * 409, and a request without a valid token each leave a {@code request_refused} entry naming the
 * caller (when authenticated), the action, the target and the reason; no secret is in it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RefusalAuditIdentityRestTest {
  Path dir;
  RefusalAuditPlatform p;
  String admin;
  String alice;
  String aliceId;
  String adminId;

  @BeforeAll
  void start(@TempDir Path tmp) {
    dir = tmp;
    p = new RefusalAuditPlatform(dir);
    admin = p.identityLogin("admin", p.adminPassword);
    alice = p.identityLogin(RefusalAuditPlatform.USER, RefusalAuditPlatform.USER_PASSWORD);
    aliceId = p.identity("GET", "/v1/auth/me", alice, null).json().get("id").asText();
    adminId = p.identity("GET", "/v1/auth/me", admin, null).json().get("id").asText();
  }

  @AfterAll
  void stop() {
    p.close();
  }

  private JsonNode last(String action) {
    return p.lastRefusal(p.identityBase(), admin, action);
  }

  @Test
  void aUserDeletingAnAccountIsAuditedWithWhoWhatAndWhy() {
    Reply r = p.identity("DELETE", "/v1/accounts/" + adminId, alice, null);
    assertThat(r.status()).isEqualTo(403);

    JsonNode e = last("accounts.delete");
    assertThat(e.get("actor").asText()).isEqualTo(aliceId);
    assertThat(e.get("subject").asText()).isEqualTo(adminId);
    assertThat(e.get("source_address").asText()).isEqualTo("127.0.0.1");
    assertThat(e.get("details").get("username").asText()).isEqualTo("alice");
    assertThat(e.get("details").get("status").asText()).isEqualTo("403");
    assertThat(e.get("details").get("reason").asText()).isEqualTo("admin role required");
  }

  @Test
  void anAdminsNotFoundAndConflictAreAudited() {
    String nobody = UUID.randomUUID().toString();
    assertThat(p.identity("DELETE", "/v1/accounts/" + nobody, admin, null).status()).isEqualTo(404);
    assertThat(last("accounts.delete").get("subject").asText()).isEqualTo(nobody);
    assertThat(last("accounts.delete").get("details").get("status").asText()).isEqualTo("404");

    Reply dup =
        p.identity(
            "POST",
            "/v1/accounts",
            admin,
            Map.of(
                "username",
                "alice",
                "account_type",
                "human",
                "password",
                "a secret nobody may log",
                "roles",
                List.of("user")));
    assertThat(dup.status()).isEqualTo(409);
    JsonNode e = last("accounts.create");
    assertThat(e.get("actor").asText()).isEqualTo(adminId);
    assertThat(e.get("subject").asText()).isEqualTo("alice");
    assertThat(e.get("details").get("status").asText()).isEqualTo("409");
    assertThat(p.refusals(p.identityBase(), admin).toString())
        .doesNotContain("a secret nobody may log");
  }

  @Test
  void aMissingOrInvalidTokenOnAProtectedPathIsAuditedWithoutACaller() {
    assertThat(p.sendRaw(p.identityBase(), "GET", "/v1/accounts", null).status()).isEqualTo(401);
    JsonNode missing = last("tokens.authenticate");
    assertThat(missing.get("actor").asText()).isEmpty();
    assertThat(missing.get("source_address").asText()).isEqualTo("127.0.0.1");
    assertThat(missing.get("details").get("reason").asText()).isEqualTo("missing token");

    String forged = "eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";
    assertThat(p.sendRaw(p.identityBase(), "GET", "/v1/accounts", "Bearer " + forged).status())
        .isEqualTo(401);
    JsonNode invalid = last("tokens.authenticate");
    assertThat(invalid.get("id").asLong()).isGreaterThan(missing.get("id").asLong());
    assertThat(invalid.get("details").get("status").asText()).isEqualTo("401");
    assertThat(p.refusals(p.identityBase(), admin).toString()).doesNotContain(forged);
  }

  @Test
  void aUserReadingTheAuditLogIsAudited() {
    assertThat(p.identity("GET", "/v1/audit", alice, null).status()).isEqualTo(403);
    JsonNode e = last("audit.query");
    assertThat(e.get("actor").asText()).isEqualTo(aliceId);
  }
}
