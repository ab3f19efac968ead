package dev.metacircular.apps.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metacircular.crypto.TlsCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9 item 5 at the web door: a signed-in user on an identity admin page (the page's own
 * admin check) and a user's seal from the crypto dashboard are audited with the caller, the
 * action and the reason, like at the API doors.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RefusalAuditWebTest {
  private static final Pattern CSRF =
      Pattern.compile("name=\"csrf_token\" value=\"([A-Za-z0-9_-]+)\"");

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
    Browser alice = new Browser(p.identityBase(), "__Host-mcias_session", p.data);
    alice.signIn();

    assertThat(alice.get("/admin/accounts").statusCode()).isEqualTo(403);

    JsonNode e = p.lastRefusal(p.identityBase(), identityAdmin, "GET /admin/accounts");
    assertThat(e.get("actor").asText()).isEqualTo(aliceId);
    assertThat(e.get("source_address").asText()).isEqualTo("127.0.0.1");
    assertThat(e.get("details").get("status").asText()).isEqualTo("403");
    assertThat(e.get("details").get("username").asText()).isEqualTo("alice");
  }

  @Test
  void aUsersSealFromTheCryptoDashboardIsAudited() {
    Browser alice = new Browser(p.cryptoBase(), "__Host-metacrypt_session", p.data);
    alice.signIn();

    HttpResponse<String> sealed = alice.submit("/seal");

    assertThat(sealed.statusCode()).isIn(303, 403);
    JsonNode e = p.lastRefusal(p.cryptoBase(), cryptoAdmin, "seal.seal");
    assertThat(e.get("actor").asText()).isEqualTo(aliceId);
    assertThat(e.get("details").get("status").asText()).isEqualTo("403");
    assertThat(p.crypto("GET", "/v1/status", null, null).json().get("state").asText())
        .isEqualTo("unsealed");
  }

  /** One browser session: cookie kept by hand, CSRF token read from the last page. */
  private static final class Browser {
    private final HttpClient http;
    private final String base;
    private final String cookieName;
    private String cookie;
    private String csrf;

    Browser(String base, String cookieName, Path data) {
      this.base = base;
      this.cookieName = cookieName;
      try {
        TrustManagerFactory tmf =
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(TlsCertificates.trustStoreFromPem(data.resolve("tls").resolve("dev.crt")));
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        http = HttpClient.newBuilder().sslContext(ssl).followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();
      } catch (java.security.GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    void signIn() {
      get("/login");
      HttpResponse<String> r = submit("/login", "username", RefusalAuditPlatform.USER,
          "password", RefusalAuditPlatform.USER_PASSWORD);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
      get(r.headers().firstValue("Location").orElseThrow());
    }

    HttpResponse<String> get(String path) {
      return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    HttpResponse<String> submit(String path, String... pairs) {
      StringBuilder body = new StringBuilder("csrf_token=").append(csrf);
      for (int i = 0; i < pairs.length; i += 2) {
        body.append('&').append(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8))
            .append('=').append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
      }
      return send(HttpRequest.newBuilder(URI.create(base + path))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    private HttpResponse<String> send(HttpRequest.Builder b) {
      b.header("Accept", "text/html").timeout(Duration.ofSeconds(30));
      if (cookie != null) {
        b.header("Cookie", cookieName + "=" + cookie);
      }
      try {
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        for (String set : r.headers().allValues("Set-Cookie")) {
          if (set.startsWith(cookieName + "=")) {
            String value = set.substring(cookieName.length() + 1, set.indexOf(';'));
            cookie = value.isEmpty() ? null : value;
          }
        }
        Matcher m = CSRF.matcher(r.body());
        if (m.find()) {
          csrf = m.group(1);
        }
        return r;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
