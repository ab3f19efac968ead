package dev.metacircular.web.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.crypto.Base32;
import dev.metacircular.crypto.Totp;
import dev.metacircular.ports.audit.AuditFilter;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.identity.Account;
import dev.metacircular.ports.identity.TotpEnrolment;
import dev.metacircular.ports.scheduler.ServiceEvent;
import dev.metacircular.web.common.WebClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fleet pages over real identity and master cores (see {@link FleetPagesFixture}). */
class FleetWebUiTest {

  FleetPagesFixture f;

  @BeforeEach
  void start() {
    f = new FleetPagesFixture();
    f.human("root", Role.ADMIN);
    f.human("alice", Role.USER);
    f.master.probeAll();
    f.master.deploy(FleetPagesFixture.OPERATOR, FleetPagesFixture.service("web", "node-a"));
    f.clock.advance(Duration.ofSeconds(5));
    f.master.deploy(FleetPagesFixture.OPERATOR, FleetPagesFixture.service("db", "node-a"));
    f.clock.advance(Duration.ofSeconds(5));
    f.master.stop(FleetPagesFixture.OPERATOR, "db");
  }

  @AfterEach
  void stop() {
    f.close();
  }

  @Test
  void withoutASessionEveryPageGoesToTheLoginForm() {
    WebClient browser = f.browser();
    for (String path : new String[] {"/", "/fleet", "/fleet/services/web"}) {
      HttpResponse<String> r = browser.get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(303);
      assertThat(r.headers().firstValue("Location")).as(path).hasValue("/login");
    }
    HttpResponse<String> form = browser.get("/login");
    assertThat(form.statusCode()).isEqualTo(200);
    assertThat(form.body()).contains("id=\"login-form\"").contains("name=\"totp_code\"");
  }

  @Test
  void anAdminSeesTheNodesTheServicesAndTheEventsNewestFirst() {
    WebClient root = f.signedIn("root");
    HttpResponse<String> start = root.get("/");
    assertThat(start.headers().firstValue("Location")).hasValue("/fleet");
    assertThat(root.get("/login").headers().firstValue("Location")).hasValue("/fleet");

    HttpResponse<String> page = root.get("/fleet");
    assertThat(page.statusCode()).isEqualTo(200);
    String body = page.body();
    assertThat(row(body, "data-node=\"node-a\""))
        .contains("10.0.0.2:9444")
        .contains(">worker<")
        .contains(">healthy<")
        .contains("2026-12-07 12:00:00 UTC");
    assertThat(row(body, "data-node=\"node-b\"")).contains(">master<");
    assertThat(row(body, "data-service=\"web\""))
        .contains("href=\"/fleet/services/web\"")
        .contains(">node-a<")
        .contains("state running")
        .contains(FleetPagesFixture.IMAGE)
        .containsPattern("8080 → 200\\d\\d \\(l4\\)");
    assertThat(row(body, "data-service=\"db\"")).contains("state stopped");

    String events = body.substring(body.indexOf("id=\"events\""));
    assertThat(events.indexOf(">stopped<"))
        .isPositive()
        .isLessThan(events.indexOf("placed on node-a"));
    assertThat(events).contains("2026-12-07 12:00:10 UTC").contains(">master<");
    // Read-only: the one form on the page is the logout button.
    assertThat(Pattern.compile("<form").matcher(body).results().count()).isEqualTo(1);
    assertThat(body).contains("action=\"/logout\"");
  }

  @Test
  void eventMessagesAreShownAsTextNeverAsMarkup() {
    f.registry.appendEvent(
        "web",
        new ServiceEvent(
            f.clock.instant(), "failed<b>", "<script>alert('x')</script> exited \"1\" & more"));
    WebClient root = f.signedIn("root");
    for (String path : new String[] {"/fleet", "/fleet/services/web"}) {
      String body = root.get(path).body();
      assertThat(body)
          .as(path)
          .doesNotContain("<script>alert")
          .doesNotContain("failed<b>")
          .contains(
              "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; exited &quot;1&quot; &amp; more")
          .contains("failed&lt;b&gt;");
    }
  }

  @Test
  void aServicesPageShowsItsStatusAndItsEventsFromTheMasterAndItsNode() {
    WebClient root = f.signedIn("root");
    HttpResponse<String> page = root.get("/fleet/services/web");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("id=\"service-node\">node-a<")
        .contains("id=\"service-state\">running<")
        .contains("data-component=\"web\"")
        .contains("placed on node-a")
        .contains(">node-a<")
        .doesNotContain("href=\"/fleet/services/db\"");

    HttpResponse<String> unknown = root.get("/fleet/services/nope");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).contains("service nope is not deployed");
  }

  @Test
  void aNodeThatDoesNotAnswerLeavesItsServicesUnknown() {
    WebClient root = f.signedIn("root");
    f.a.down = true;
    HttpResponse<String> page = root.get("/fleet");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(row(page.body(), "data-service=\"web\"")).contains("state unknown");
    assertThat(page.body()).contains("placed on node-a");
  }

  @Test
  void aNonAdminIsRefusedWithAPageSayingWhyAndTheRefusalIsAudited() {
    WebClient alice = f.signedIn("alice");
    for (String path : new String[] {"/fleet", "/fleet/services/web"}) {
      HttpResponse<String> r = alice.get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(403);
      assertThat(r.body())
          .contains("admin role required")
          .contains("signed in as <strong>alice</strong>")
          .contains("action=\"/logout\"")
          .doesNotContain("node-a");
    }
    assertThat(f.audit.query(AuditFilter.latest(5)))
        .anySatisfy(
            e -> {
              assertThat(e.type()).isEqualTo("request_refused");
              assertThat(e.actor()).isEqualTo(account("alice").id().toString());
              assertThat(e.details()).containsEntry("action", "mcp nodes");
            });
  }

  @Test
  void htmxGetsOnlyTheFleetsPart() {
    WebClient root = f.signedIn("root");
    HttpResponse<String> part =
        root.send(
            HttpRequest.newBuilder(f.base.resolve("/fleet")).header("HX-Request", "true").GET(),
            false);
    assertThat(part.statusCode()).isEqualTo(200);
    assertThat(part.body().strip()).startsWith("<div id=\"fleet\"").doesNotContain("<html");
    assertThat(part.body()).contains("data-service=\"web\"");
  }

  @Test
  void wrongCredentialsReRenderTheFormWithTheRefusal() {
    WebClient browser = f.browser();
    HttpResponse<String> r = f.signIn(browser, "root", "wrong password", "");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("id=\"form-error\"").contains("value=\"root\"");
    assertThat(r.body()).doesNotContain("wrong password");
    HttpResponse<String> empty = f.signIn(browser, "", "x", "");
    assertThat(empty.statusCode()).isEqualTo(400);
    assertThat(empty.body()).contains("username is required");
    HttpResponse<String> noPassword = f.signIn(browser, "root", "", "");
    assertThat(noPassword.statusCode()).isEqualTo(400);
    assertThat(noPassword.body()).contains("password is required");
    assertThat(browser.get("/fleet").statusCode()).isEqualTo(303);
  }

  @Test
  void aLoginWithoutTheCsrfTokenIsRefused() {
    WebClient browser = f.browser();
    browser.get("/login");
    HttpResponse<String> r =
        browser.post("/login", Map.of("username", "root", "password", FleetPagesFixture.PASSWORD));
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(browser.get("/fleet").statusCode()).isEqualTo(303);
  }

  @Test
  void anAccountWithTotpNeedsItsCode() {
    Account root = account("root");
    Caller self =
        new Caller(root.id(), "root", java.util.Set.of(Role.ADMIN), AccountType.HUMAN, "j", "");
    TotpEnrolment enrolment =
        f.identity.totp().enrol(self, FleetPagesFixture.PASSWORD.toCharArray());
    byte[] secret = Base32.decode(enrolment.secretBase32());
    f.identity.totp().confirm(self, Totp.code(secret, Totp.step(f.clock.instant())));
    f.clock.advance(Duration.ofSeconds(30));

    WebClient browser = f.browser();
    assertThat(f.signIn(browser, "root", FleetPagesFixture.PASSWORD, "").statusCode())
        .isEqualTo(401);
    String code = Totp.code(secret, Totp.step(f.clock.instant()));
    HttpResponse<String> r = f.signIn(browser, "root", FleetPagesFixture.PASSWORD, code);
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).hasValue("/fleet");
    assertThat(browser.get("/fleet").statusCode()).isEqualTo(200);
  }

  @Test
  void logoutRevokesTheTokenAndEndsTheSession() {
    WebClient root = f.signedIn("root");
    Account account = account("root");
    assertThat(f.identity.tokenAdmin().list(f.tool, account.id()))
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.audience()).isEqualTo("mcp");
              assertThat(t.revokedAt()).isNull();
            });
    root.get("/fleet"); // the signed-in session's CSRF token, from the page's logout button
    HttpResponse<String> out = root.submit("/logout");
    assertThat(out.statusCode()).isEqualTo(303);
    assertThat(out.headers().firstValue("Location")).hasValue("/login");
    assertThat(f.identity.tokenAdmin().list(f.tool, account.id()))
        .singleElement()
        .satisfies(t -> assertThat(t.revokedAt()).isNotNull());
    assertThat(root.get("/fleet").headers().firstValue("Location")).hasValue("/login");
  }

  @Test
  void aRevokedTokenEndsTheSignIn() {
    WebClient root = f.signedIn("root");
    f.identity.tokenAdmin().revokeAll(f.tool, account("root").id(), "test");
    HttpResponse<String> r = root.get("/fleet");
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).hasValue("/login");
    assertThat(root.get("/login").body()).contains("no longer valid");
  }

  Account account(String username) {
    return f.identity.accounts().getByUsername(f.tool, username);
  }

  /** The table row that carries {@code marker}. */
  static String row(String body, String marker) {
    Matcher m =
        Pattern.compile("<tr " + Pattern.quote(marker) + ".*?</tr>", Pattern.DOTALL).matcher(body);
    if (!m.find()) {
      throw new AssertionError("no row " + marker + " in:\n" + body);
    }
    return m.group();
  }
}
