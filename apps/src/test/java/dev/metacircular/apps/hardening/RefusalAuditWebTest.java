package dev.metacircular.apps.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metacircular.apps.web.PageClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9 item 5 at the web door: a signed-in user on an identity admin page (the page's own admin
 * check) and a user's seal from the crypto dashboard are audited with the caller, the action and
 * the reason, like at the API doors.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RefusalAuditWebTest {
  Path dir;
  RefusalAuditPlatform p;
  String identityAdmin;
  String cryptoAdmin;
  String aliceId;

  @BeforeAll
  void start(@TempDir Path tmp) {
    dir = tmp;
    p = new RefusalAuditPlatform(dir);
    identityAdmin = p.identityLogin("admin", p.adminPassword);
    cryptoAdmin = p.cryptoLogin("admin", p.adminPassword);
    String alice = p.identityLogin(RefusalAuditPlatform.USER, RefusalAuditPlatform.USER_PASSWORD);
    aliceId = p.identity("GET", "/v1/auth/me", alice, null).json().get("id").asText();
  }

  @AfterAll
  void stop() {
    p.close();
  }

  @Test
  void aUserOnAnIdentityAdminPageIsAudited() {
    PageClient alice = signedIn(p.identityBase(), "__Host-mcias_session");

    assertThat(alice.get("/admin/accounts").statusCode()).isEqualTo(403);

    JsonNode e = p.lastRefusal(p.identityBase(), identityAdmin, "GET /admin/accounts");
    assertThat(e.get("actor").asText()).isEqualTo(aliceId);
    assertThat(e.get("source_address").asText()).isEqualTo("127.0.0.1");
    assertThat(e.get("details").get("status").asText()).isEqualTo("403");
    assertThat(e.get("details").get("username").asText()).isEqualTo("alice");
  }

  @Test
  void aUsersSealFromTheCryptoDashboardIsAudited() {
    PageClient alice = signedIn(p.cryptoBase(), "__Host-metacrypt_session");

    HttpResponse<String> sealed = alice.submit("/seal");

    assertThat(sealed.statusCode()).isIn(303, 403);
    JsonNode e = p.lastRefusal(p.cryptoBase(), cryptoAdmin, "seal.seal");
    assertThat(e.get("actor").asText()).isEqualTo(aliceId);
    assertThat(e.get("details").get("status").asText()).isEqualTo("403");
    assertThat(p.crypto("GET", "/v1/status", null, null).json().get("state").asText())
        .isEqualTo("unsealed");
  }

  /** Alice's browser session on the pages at {@code base}, signed in. */
  private PageClient signedIn(String base, String cookieName) {
    PageClient alice = new PageClient(base, p.data.resolve("ca.pem"), cookieName);
    alice.get("/login");
    HttpResponse<String> r =
        alice.submit(
            "/login",
            "username",
            RefusalAuditPlatform.USER,
            "password",
            RefusalAuditPlatform.USER_PASSWORD);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
    alice.follow(r);
    return alice;
  }
}
