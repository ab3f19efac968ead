package dev.metacircular.apps.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.apps.hardening.AudienceServers.Reply;
import dev.metacircular.apps.web.PageClient;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.identity.Account;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9 items 1 and 3 at the identity service's web door: a web sign-in is a session for the
 * identity service itself ({@code aud} mcias), a session ends when the account's password is reset
 * elsewhere, a password change on the profile page keeps that page's session but ends the others,
 * and the service-token form issues a token for the service it names.
 */
class AudienceWebTest {

  private static final String COOKIE = "__Host-mcias_session";
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

  /** A browser of the identity service's pages, signed in as {@code username}. */
  private PageClient signedInAs(String username) {
    PageClient b = new PageClient(s.identityUri("").toString(), s.cert(), COOKIE);
    b.get("/login");
    HttpResponse<String> r =
        b.submit(
            "/login",
            "username",
            username,
            "password",
            AudienceServers.PASSWORD,
            "next",
            "/profile");
    assertThat(r.statusCode()).as(r.body()).isIn(302, 303);
    assertThat(b.get("/profile").statusCode()).isEqualTo(200);
    return b;
  }

  private boolean signedIn(PageClient b) {
    HttpResponse<String> r = b.get("/profile");
    return r.statusCode() == 200;
  }

  @Test
  void aWebSignInIsASessionForTheIdentityServiceItself() {
    PageClient b = signedInAs("alice");

    String admin = s.login("root", null);
    Reply tokens = s.get("/v1/accounts/" + alice.id() + "/tokens", admin);
    assertThat(tokens.json().get("tokens").findValuesAsText("audience")).containsExactly("mcias");
  }

  @Test
  void aPasswordResetElsewhereEndsTheWebSession() {
    PageClient b = signedInAs("alice");

    String admin = s.login("root", null);
    assertThat(
            s.send(
                    "PATCH",
                    "/v1/accounts/" + alice.id(),
                    admin,
                    Map.of("password", "another long enough password"))
                .status())
        .isEqualTo(200);

    HttpResponse<String> after = b.get("/profile");
    assertThat(after.statusCode()).isIn(302, 303);
    assertThat(after.headers().firstValue("Location").orElseThrow()).startsWith("/login");
  }

  @Test
  void aPasswordChangeOnTheProfilePageKeepsThatSessionAndEndsTheOthers() {
    PageClient here = signedInAs("alice");
    PageClient there = signedInAs("alice");
    String api = s.login("alice", null);

    here.get("/profile");
    HttpResponse<String> r =
        here.submit(
            "/profile/password",
            "current_password",
            AudienceServers.PASSWORD,
            "new_password",
            "another long enough password",
            "new_password_again",
            "another long enough password");
    assertThat(r.statusCode()).as(r.body()).isLessThan(400);

    assertThat(signedIn(here)).isTrue();
    assertThat(signedIn(there)).isFalse();
    assertThat(s.get("/v1/auth/me", api).status()).isEqualTo(401);
  }

  @Test
  void theServiceTokenFormIssuesATokenForTheServiceItNames() {
    Account ci = s.system("ci");
    PageClient b = signedInAs("root");
    b.get("/admin/accounts/" + ci.id());

    HttpResponse<String> issued =
        b.submit(
            "/admin/accounts/" + ci.id() + "/tokens/issue", "ttl", "", "service_name", "metacrypt");

    assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
    assertThat(issued.body()).contains("<td id=\"issued-service\">metacrypt</td>");
    Matcher m = ISSUED.matcher(issued.body());
    assertThat(m.find()).isTrue();
    Reply v = s.post("/v1/token/validate", null, Map.of("token", m.group(1)));
    assertThat(v.json().get("aud").asText()).isEqualTo("metacrypt");
    assertThat(s.get("/v1/accounts", m.group(1)).status()).isEqualTo(401);
  }
}
