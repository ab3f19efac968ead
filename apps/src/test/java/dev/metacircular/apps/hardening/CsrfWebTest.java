package dev.metacircular.apps.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.apps.identity.TestServer;
import dev.metacircular.crypto.TlsCertificates;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.AccountType;
import dev.metacircular.ports.identity.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9 item 12 at the web door: the real identity server's pages accept the session's CSRF
 * token and nothing near it — not a prefix (a mutation that accepted any non-empty prefix broke
 * no test before), not the token with a character appended or changed — in the hidden field and
 * in the htmx header alike, on the anonymous login form and on an admin form, and a refused
 * request changes nothing.
 */
class CsrfWebTest {

  static final String COOKIE = "__Host-mcias_session";
  static final Pattern CSRF = Pattern.compile("name=\"csrf_token\" value=\"([A-Za-z0-9_-]+)\"");
  static final String REFUSED = "invalid or missing CSRF token";

  @TempDir Path dir;
  TestServer server;
  Browser browser;

  @BeforeEach
  void start() {
    server = TestServer.start(dir);
    server.createAccount("root", AccountType.HUMAN, Role.ADMIN);
    browser = new Browser(URI.create("https://127.0.0.1:" + server.server.port() + "/"),
        dir.resolve("tls.crt"));
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
        HttpResponse<String> r = browser.post("/login", forged, header,
            "username", "root", "password", TestServer.PASSWORD);
        assertThat(r.statusCode()).as("%s in the %s", forged, header ? "header" : "field")
            .isEqualTo(403);
        assertThat(r.body()).contains(REFUSED).doesNotContain("Exception", "at dev.");
      }
    }
    // Still signed out: a protected page sends us to the login form.
    assertThat(browser.get("/admin/accounts").headers().firstValue("Location").orElseThrow())
        .startsWith("/login");
    // The token itself signs in.
    HttpResponse<String> ok = browser.post("/login", token, false,
        "username", "root", "password", TestServer.PASSWORD);
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(303);
    assertThat(ok.headers().firstValue("Location").orElseThrow()).doesNotStartWith("/login");
    assertThat(browser.get("/admin/accounts").statusCode()).isEqualTo(200);
  }

  @Test
  void anAdminFormRefusesEveryNearMissOfTheTokenAndCreatesNothing() {
    browser.get("/login");
    assertThat(browser.post("/login", browser.csrf, false,
        "username", "root", "password", TestServer.PASSWORD).statusCode()).isEqualTo(303);
    browser.get("/admin/accounts");
    String token = browser.csrf;
    for (String forged : nearMisses(token)) {
      for (boolean header : new boolean[] {false, true}) {
        HttpResponse<String> r = browser.post("/admin/accounts", forged, header,
            "username", "mallory", "account_type", "human",
            "password", "mallory's long password", "roles", "admin");
        assertThat(r.statusCode()).as("%s in the %s", forged, header ? "header" : "field")
            .isEqualTo(403);
        assertThat(r.body()).contains(REFUSED);
      }
    }
    Assertions.assertThatThrownBy(
            () -> server.server.core().accounts().getByUsername(TestServer.SETUP, "mallory"))
        .isInstanceOf(DomainException.NotFound.class);

    HttpResponse<String> ok = browser.post("/admin/accounts", token, false,
        "username", "mallory", "account_type", "human",
        "password", "mallory's long password", "roles", "user");
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(303);
    assertThat(server.server.core().accounts().getByUsername(TestServer.SETUP, "mallory")
        .username()).isEqualTo("mallory");
  }

  /** One browser: keeps the session cookie by hand and the CSRF token of the last page. */
  static final class Browser {
    private final HttpClient http;
    private final URI base;
    String cookie;
    String csrf;

    Browser(URI base, Path cert) {
      this.base = base;
      try {
        TrustManagerFactory tmf =
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(TlsCertificates.trustStoreFromPem(cert));
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        http = HttpClient.newBuilder().sslContext(ssl)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    HttpResponse<String> get(String path) {
      return send(HttpRequest.newBuilder(base.resolve(path.substring(1))).GET());
    }

    /** A form POST with {@code token} in the hidden field, or in the htmx header. */
    HttpResponse<String> post(String path, String token, boolean inHeader, String... pairs) {
      StringBuilder body = new StringBuilder();
      if (!inHeader) {
        body.append("csrf_token=").append(enc(token));
      }
      for (int i = 0; i < pairs.length; i += 2) {
        if (body.length() > 0) {
          body.append('&');
        }
        body.append(enc(pairs[i])).append('=').append(enc(pairs[i + 1]));
      }
      HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path.substring(1)))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
      if (inHeader) {
        b.header("X-CSRF-Token", token).header("HX-Request", "true");
      }
      return send(b);
    }

    private HttpResponse<String> send(HttpRequest.Builder b) {
      b.header("Accept", "text/html").timeout(Duration.ofSeconds(30));
      if (cookie != null) {
        b.header("Cookie", COOKIE + "=" + cookie);
      }
      try {
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        for (String set : r.headers().allValues("Set-Cookie")) {
          if (set.startsWith(COOKIE + "=")) {
            String value = set.substring(COOKIE.length() + 1, set.indexOf(';'));
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

    private static String enc(String s) {
      return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
  }
}
