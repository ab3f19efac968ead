package dev.metacircular.apps.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.apps.identity.TestServer;
import dev.metacircular.apps.web.PageClient;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.error.DomainException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9 item 12 at the web door: the real identity server's pages accept the session's CSRF token
 * and nothing near it — not a prefix (a mutation that accepted any non-empty prefix broke no test
 * before), not the token with a character appended or changed — in the hidden field and in the htmx
 * header alike, on the anonymous login form and on an admin form, and a refused request changes
 * nothing.
 */
class CsrfWebTest {

  static final String COOKIE = "__Host-mcias_session";
  static final Pattern CSRF = Pattern.compile("name=\"csrf_token\" value=\"([A-Za-z0-9_-]+)\"");
  static final String REFUSED = "invalid or missing CSRF token";

  @TempDir Path dir;
  TestServer server;
  PageClient browser;

  @BeforeEach
  void start() {
    server = TestServer.start(dir);
    server.createAccount("root", AccountType.HUMAN, Role.ADMIN);
    browser =
        new PageClient("https://127.0.0.1:" + server.server.port(), dir.resolve("tls.crt"), COOKIE);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** Near misses of {@code token}: proper prefixes, an extension, one character changed. */
  static List<String> nearMisses(String token) {
    int n = token.length();
    List<String> forged = new ArrayList<>();
    for (int length : new int[] {1, 8, n / 2, n - 1}) {
      forged.add(token.substring(0, length));
    }
    forged.add(token + "A");
    forged.add(token.substring(0, n - 1) + (token.charAt(n - 1) == 'A' ? 'B' : 'A'));
    forged.add((token.charAt(0) == 'A' ? 'B' : 'A') + token.substring(1));
    return forged;
  }

  @Test
  void theLoginFormRefusesEveryNearMissOfTheTokenAndSignsNobodyIn() {
    browser.get("/login");
    String token = browser.csrf;
    for (String forged : nearMisses(token)) {
      for (boolean header : new boolean[] {false, true}) {
        HttpResponse<String> r =
            browser.postWithToken(
                "/login", forged, header, "username", "root", "password", TestServer.PASSWORD);
        assertThat(r.statusCode())
            .as("%s in the %s", forged, header ? "header" : "field")
            .isEqualTo(403);
        assertThat(r.body()).contains(REFUSED).doesNotContain("Exception", "at dev.");
      }
    }
    // Still signed out: a protected page sends us to the login form.
    assertThat(browser.get("/admin/accounts").headers().firstValue("Location").orElseThrow())
        .startsWith("/login");
    // The token itself signs in.
    HttpResponse<String> ok =
        browser.postWithToken(
            "/login", token, false, "username", "root", "password", TestServer.PASSWORD);
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(303);
    assertThat(ok.headers().firstValue("Location").orElseThrow()).doesNotStartWith("/login");
    assertThat(browser.get("/admin/accounts").statusCode()).isEqualTo(200);
  }

  @Test
  void anAdminFormRefusesEveryNearMissOfTheTokenAndCreatesNothing() {
    browser.get("/login");
    assertThat(
            browser
                .postWithToken(
                    "/login",
                    browser.csrf,
                    false,
                    "username",
                    "root",
                    "password",
                    TestServer.PASSWORD)
                .statusCode())
        .isEqualTo(303);
    browser.get("/admin/accounts");
    String token = browser.csrf;
    for (String forged : nearMisses(token)) {
      for (boolean header : new boolean[] {false, true}) {
        HttpResponse<String> r =
            browser.postWithToken(
                "/admin/accounts",
                forged,
                header,
                "username",
                "mallory",
                "account_type",
                "human",
                "password",
                "mallory's long password",
                "roles",
                "admin");
        assertThat(r.statusCode())
            .as("%s in the %s", forged, header ? "header" : "field")
            .isEqualTo(403);
        assertThat(r.body()).contains(REFUSED);
      }
    }
    Assertions.assertThatThrownBy(
            () -> server.server.core().accounts().getByUsername(TestServer.SETUP, "mallory"))
        .isInstanceOf(DomainException.NotFound.class);

    HttpResponse<String> ok =
        browser.postWithToken(
            "/admin/accounts",
            token,
            false,
            "username",
            "mallory",
            "account_type",
            "human",
            "password",
            "mallory's long password",
            "roles",
            "user");
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(303);
    assertThat(
            server.server.core().accounts().getByUsername(TestServer.SETUP, "mallory").username())
        .isEqualTo("mallory");
  }
}
