package dev.metacircular.apps.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.apps.identity.TestServer;
import dev.metacircular.crypto.Base32;
import dev.metacircular.crypto.Totp;
import dev.metacircular.domain.identity.IdentityCore;
import dev.metacircular.ports.audit.AuditEvent;
import dev.metacircular.ports.audit.AuditFilter;
import dev.metacircular.ports.audit.IdentityAuditTypes;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.identity.TotpEnrolment;
import dev.metacircular.ports.identity.in.LoginCommand;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9 item 4 at the web door: the login page (password, then the TOTP step) keeps the same lock
 * rules as REST and gRPC, from many loopback addresses.
 */
class LockoutWebTest {

  static final int THRESHOLD = LockoutRestTest.THRESHOLD;
  static final String COOKIE = "__Host-mcias_session";
  static final Pattern CSRF = Pattern.compile("name=\"csrf_token\" value=\"([A-Za-z0-9_-]+)\"");

  @TempDir Path dir;
  TestServer server;
  SSLContext ssl;
  IdentityCore core;

  @BeforeEach
  void start() {
    server = TestServer.start(dir, "127.0.0.1:0", "https://test.example", LockoutRestTest.SECURITY);
    ssl = BoundHttps.trusting(dir.resolve("tls.crt"));
    core = server.server.core();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** One browser at one address: keeps its session cookie and the page's CSRF token. */
  final class Browser implements AutoCloseable {
    final BoundHttps http;
    String cookie;
    String csrf;

    Browser(String address) {
      http = new BoundHttps(ssl, address, server.server.port());
    }

    BoundHttps.Response get(String path) {
      return remember(http.get(path, headers()));
    }

    BoundHttps.Response submit(String path, String... pairs) {
      StringBuilder form = new StringBuilder("csrf_token=").append(csrf);
      for (int i = 0; i < pairs.length; i += 2) {
        form.append('&')
            .append(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8))
            .append('=')
            .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
      }
      return remember(
          http.post(path, "application/x-www-form-urlencoded", form.toString(), headers()));
    }

    /** The login form, from a fresh page (its CSRF token). */
    BoundHttps.Response signIn(String username, String password) {
      get("/login");
      return submit("/login", "username", username, "password", password);
    }

    private Map<String, String> headers() {
      Map<String, String> h = new LinkedHashMap<>();
      h.put("Accept", "text/html");
      if (cookie != null) {
        h.put("Cookie", COOKIE + "=" + cookie);
      }
      return h;
    }

    private BoundHttps.Response remember(BoundHttps.Response r) {
      String set = r.header("set-cookie");
      if (set != null && set.startsWith(COOKIE + "=")) {
        String value = set.substring(COOKIE.length() + 1, set.indexOf(';'));
        cookie = value.isEmpty() ? null : value;
      }
      Matcher m = CSRF.matcher(r.body());
      if (m.find()) {
        csrf = m.group(1);
      }
      return r;
    }

    @Override
    public void close() {
      http.close();
    }
  }

  List<AuditEvent> audit(String type) {
    return core.audit().query(TestServer.SETUP, new AuditFilter(null, type, null, 10_000));
  }

  static boolean signedIn(BoundHttps.Response r) {
    return r.status() == 303
        && !"/login/totp".equals(r.header("location"))
        && !"/login".equals(r.header("location"));
  }

  @Test
  void attackersLockTheLoginPageForUnknownSourcesOnlyAndCostNoMoreHashesThanTheBudget() {
    server.createAccount("erin", AccountType.HUMAN, Role.USER);
    try (Browser home = new Browser("127.0.0.1")) {
      assertThat(signedIn(home.signIn("erin", TestServer.PASSWORD))).isTrue();
    }
    long hashesBefore = core.passwordHashesComputed();

    int wrong = 0;
    int locked = 0;
    for (int a = 0; a < 20; a++) {
      try (Browser attacker = new Browser("127.0.12." + (a + 1))) {
        for (int i = 0; i < 3; i++) {
          BoundHttps.Response r = attacker.signIn("erin", "a guess " + a + "/" + i);
          if (r.status() == 401) {
            wrong++;
            assertThat(r.body()).contains("invalid credentials");
          } else {
            assertThat(r.status()).isEqualTo(429);
            assertThat(r.body()).contains("account locked");
            assertThat(Long.parseLong(r.header("retry-after"))).isPositive();
            locked++;
          }
        }
      }
    }
    assertThat(wrong).isEqualTo(THRESHOLD);
    assertThat(locked).isEqualTo(60 - THRESHOLD);
    assertThat(core.passwordHashesComputed() - hashesBefore).isEqualTo(THRESHOLD);

    try (Browser stranger = new Browser("127.0.13.1")) {
      assertThat(stranger.signIn("erin", TestServer.PASSWORD).status()).isEqualTo(429);
    }
    try (Browser home = new Browser("127.0.0.1")) {
      assertThat(signedIn(home.signIn("erin", TestServer.PASSWORD))).isTrue();
    }
    assertThat(audit(IdentityAuditTypes.ACCOUNT_LOCKED))
        .singleElement()
        .satisfies(e -> assertThat(e.details()).containsEntry("scope", "unknown_sources"));
  }

  @Test
  void theTotpStepSignsTheOwnerInFromANewPlaceDuringALock() {
    server.createAccount("frank", AccountType.HUMAN, Role.USER);
    String token =
        core.login()
            .login(
                new LoginCommand(
                    "frank", TestServer.PASSWORD.toCharArray(), null, null, null, "127.0.0.1"))
            .token();
    Caller frank = core.tokens().authenticate(token, "127.0.0.1");
    TotpEnrolment enrolment = core.totp().enrol(frank, TestServer.PASSWORD.toCharArray());
    byte[] secret = Base32.decode(enrolment.secretBase32());
    core.totp().confirm(frank, Totp.code(secret, Totp.step(Instant.now())));
    for (int a = 0; a < THRESHOLD; a++) {
      try (Browser attacker = new Browser("127.0.14." + (a + 1))) {
        assertThat(attacker.signIn("frank", "a guess").status()).isEqualTo(401);
      }
    }
    assertThat(audit(IdentityAuditTypes.ACCOUNT_LOCKED)).hasSize(1);
    long hashes = core.passwordHashesComputed();

    try (Browser owner = new Browser("127.0.15.1")) {
      BoundHttps.Response password = owner.signIn("frank", TestServer.PASSWORD);
      assertThat(password.status()).isEqualTo(303);
      assertThat(password.header("location")).isEqualTo("/login/totp");
      // Asked for the code without the password being hashed.
      assertThat(core.passwordHashesComputed()).isEqualTo(hashes);
      owner.get("/login/totp");
      BoundHttps.Response done =
          owner.submit("/login/totp", "code", LockoutRestTest.freshCode(secret));
      assertThat(signedIn(done)).as(done.status() + " " + done.header("location")).isTrue();
    }
  }
}
