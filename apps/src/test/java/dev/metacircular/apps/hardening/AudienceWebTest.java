package dev.metacircular.apps.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.apps.hardening.AudienceServers.Reply;
import dev.metacircular.ports.identity.Account;
import dev.metacircular.ports.identity.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9 items 1 and 3 at the identity service's web door: a web sign-in is a session for the
 * identity service itself ({@code aud} mcias), a session ends when the account's password is
 * reset elsewhere, a password change on the profile page keeps that page's session but ends the
 * others, and the service-token form issues a token for the service it names.
 */
class AudienceWebTest {

  private static final String COOKIE = "__Host-mcias_session";
  private static final Pattern CSRF =
      Pattern.compile("name=\"csrf_token\" value=\"([A-Za-z0-9_-]+)\"");
  private static final Pattern ISSUED =
      Pattern.compile("<textarea id=\"issued-token\" readonly>([A-Za-z0-9_.-]+)</textarea>");

  @TempDir Path dir;
  AudienceServers s;
  Account alice;

  @BeforeEach
  void start() {
    s = new AudienceServers(dir);
    s.human("root", Role.ADMIN);
    alice = s.human("alice", Role.USER);
  }

  @AfterEach
  void stop() {
    s.close();
  }

  /** One browser: a cookie and the last page's CSRF token, no redirects followed. */
  private final class Browser {
    final HttpClient http = HttpClient.newBuilder().sslContext(sslOf())
        .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10))
        .build();
    String cookie;
    String csrf;

    HttpResponse<String> get(String path) {
      return send(HttpRequest.newBuilder(s.identityUri(path)).GET());
    }

    HttpResponse<String> post(String path, String... pairs) {
      StringBuilder body = new StringBuilder();
      if (csrf != null) {
        body.append("csrf_token=").append(csrf);
      }
      for (int i = 0; i < pairs.length; i += 2) {
        body.append('&').append(enc(pairs[i])).append('=').append(enc(pairs[i + 1]));
      }
      return send(HttpRequest.newBuilder(s.identityUri(path))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    void signIn(String username) {
      get("/login");
      HttpResponse<String> r = post("/login", "username", username,
          "password", AudienceServers.PASSWORD, "next", "/profile");
      assertThat(r.statusCode()).as(r.body()).isIn(302, 303);
      assertThat(get("/profile").statusCode()).isEqualTo(200);
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
  }

  private javax.net.ssl.SSLContext sslOf() {
    return s.http.sslContext();
  }

  private static String enc(String v) {
    return URLEncoder.encode(v, StandardCharsets.UTF_8);
  }

  private boolean signedIn(Browser b) {
    HttpResponse<String> r = b.get("/profile");
    return r.statusCode() == 200;
  }

  @Test
  void aWebSignInIsASessionForTheIdentityServiceItself() {
    Browser b = new Browser();
    b.signIn("alice");

    String admin = s.login("root", null);
    Reply tokens = s.get("/v1/accounts/" + alice.id() + "/tokens", admin);
    assertThat(tokens.json().get("tokens").findValuesAsText("audience")).containsExactly("mcias");
  }

  @Test
  void aPasswordResetElsewhereEndsTheWebSession() {
    Browser b = new Browser();
    b.signIn("alice");

    String admin = s.login("root", null);
    assertThat(s.send("PATCH", "/v1/accounts/" + alice.id(), admin,
        Map.of("password", "another long enough password")).status()).isEqualTo(200);

    HttpResponse<String> after = b.get("/profile");
    assertThat(after.statusCode()).isIn(302, 303);
    assertThat(after.headers().firstValue("Location").orElseThrow()).startsWith("/login");
  }

  @Test
  void aPasswordChangeOnTheProfilePageKeepsThatSessionAndEndsTheOthers() {
    Browser here = new Browser();
    here.signIn("alice");
    Browser there = new Browser();
    there.signIn("alice");
    String api = s.login("alice", null);

    here.get("/profile");
    HttpResponse<String> r = here.post("/profile/password",
        "current_password", AudienceServers.PASSWORD,
        "new_password", "another long enough password",
        "new_password_again", "another long enough password");
    assertThat(r.statusCode()).as(r.body()).isLessThan(400);

    assertThat(signedIn(here)).isTrue();
    assertThat(signedIn(there)).isFalse();
    assertThat(s.get("/v1/auth/me", api).status()).isEqualTo(401);
  }

  @Test
  void theServiceTokenFormIssuesATokenForTheServiceItNames() {
    Account ci = s.system("ci");
    Browser b = new Browser();
    b.signIn("root");
    b.get("/admin/accounts/" + ci.id());

    HttpResponse<String> issued = b.post("/admin/accounts/" + ci.id() + "/tokens/issue",
        "ttl", "", "service_name", "metacrypt");

    assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
    assertThat(issued.body()).contains("<td id=\"issued-service\">metacrypt</td>");
    Matcher m = ISSUED.matcher(issued.body());
    assertThat(m.find()).isTrue();
    Reply v = s.post("/v1/token/validate", null, Map.of("token", m.group(1)));
    assertThat(v.json().get("aud").asText()).isEqualTo("metacrypt");
    assertThat(s.get("/v1/accounts", m.group(1)).status()).isEqualTo(401);
  }
}
