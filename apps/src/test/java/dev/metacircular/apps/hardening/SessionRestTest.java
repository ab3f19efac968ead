package dev.metacircular.apps.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.apps.hardening.AudienceServers.Reply;
import dev.metacircular.crypto.Base32;
import dev.metacircular.crypto.Totp;
import dev.metacircular.domain.time.ManualClock;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.identity.Account;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9 item 3 at the REST door: sessions end on password change (self-service and admin reset),
 * TOTP removal, disable and delete; renewal re-runs the login policy and stops at {@code
 * tokens.max_session_lifetime} (set to 2 h here, login tokens 1 h).
 */
class SessionRestTest {

  private static final String NEXT = "another long enough password";

  @TempDir Path dir;
  final ManualClock clock = new ManualClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  AudienceServers s;
  Account alice;
  String admin;

  @BeforeEach
  void start() {
    s = new AudienceServers(dir, clock, "expiry = \"1h\"\nmax_session_lifetime = \"2h\"");
    s.human("root", Role.ADMIN);
    alice = s.human("alice", Role.USER);
    admin = s.login("root", null);
  }

  @AfterEach
  void stop() {
    s.close();
  }

  private boolean valid(String token) {
    return s.post("/v1/token/validate", null, Map.of("token", token))
        .json()
        .get("valid")
        .asBoolean();
  }

  @Test
  void aPasswordChangeEndsEveryOtherSessionButTheOneThatMadeIt() {
    String other = s.login("alice", null);
    String crypto = s.login("alice", "metacrypt");
    String current = s.login("alice", null);

    Reply change =
        s.post(
            "/v1/auth/password",
            current,
            Map.of("current_password", AudienceServers.PASSWORD, "new_password", NEXT));

    assertThat(change.status()).isEqualTo(204);
    assertThat(valid(other)).isFalse();
    assertThat(valid(crypto)).isFalse();
    assertThat(s.get("/v1/auth/me", other).status()).isEqualTo(401);
    assertThat(s.get("/v1/auth/me", current).status()).isEqualTo(200);
  }

  @Test
  void anAdminPasswordResetEndsEverySession() {
    String session = s.login("alice", null);

    Reply reset = s.send("PATCH", "/v1/accounts/" + alice.id(), admin, Map.of("password", NEXT));

    assertThat(reset.status()).isEqualTo(200);
    assertThat(valid(session)).isFalse();
    assertThat(s.get("/v1/auth/me", session).status()).isEqualTo(401);
  }

  @Test
  void removingTotpEndsTheSessions() {
    String session = s.login("alice", null);
    Reply enrol =
        s.post("/v1/auth/totp/enroll", session, Map.of("password", AudienceServers.PASSWORD));
    byte[] secret = Base32.decode(enrol.json().get("secret").asText().toCharArray());
    assertThat(
            s.post(
                    "/v1/auth/totp/confirm",
                    session,
                    Map.of("code", Totp.code(secret, Totp.step(clock.instant()))))
                .status())
        .isEqualTo(200);

    Reply removed =
        s.post("/v1/auth/totp/remove", admin, Map.of("account_id", alice.id().toString()));

    assertThat(removed.status()).isEqualTo(200);
    assertThat(valid(session)).isFalse();
  }

  @Test
  void disablingAndDeletingEndSessionsForGood() {
    String session = s.login("alice", null);
    s.send("PATCH", "/v1/accounts/" + alice.id(), admin, Map.of("status", "inactive"));
    s.send("PATCH", "/v1/accounts/" + alice.id(), admin, Map.of("status", "active"));
    assertThat(valid(session)).as("re-enabling brings no session back").isFalse();

    String again = s.login("alice", null);
    assertThat(s.send("DELETE", "/v1/accounts/" + alice.id(), admin, null).status()).isIn(200, 204);
    assertThat(valid(again)).isFalse();
  }

  @Test
  void renewalStopsAtTheMaximumSessionLifetime() {
    Instant loggedIn = clock.instant();
    String token = s.login("alice", null);

    clock.advance(Duration.ofMinutes(50));
    Reply first = s.post("/v1/auth/renew", token, null);
    assertThat(first.status()).isEqualTo(200);
    assertThat(Instant.parse(first.json().get("expires_at").asText()))
        .isEqualTo(clock.instant().plus(Duration.ofHours(1)));

    clock.advance(Duration.ofMinutes(50));
    Reply second = s.post("/v1/auth/renew", first.json().get("token").asText(), null);
    assertThat(second.status()).isEqualTo(200);
    // Capped: the session began two hours before this token ends, whatever the login lifetime.
    assertThat(Instant.parse(second.json().get("expires_at").asText()))
        .isEqualTo(loggedIn.plus(Duration.ofHours(2)));

    clock.advance(Duration.ofMinutes(20).plusSeconds(1));
    Reply third = s.post("/v1/auth/renew", second.json().get("token").asText(), null);
    assertThat(third.status()).isEqualTo(401);
    assertThat(third.json().get("error").asText()).isNotBlank();
    // A fresh login starts a new session.
    assertThat(s.post("/v1/auth/renew", s.login("alice", null), null).status()).isEqualTo(200);
  }

  @Test
  void renewalRunsTheLoginPolicyAgain() {
    String token = s.login("alice", null);
    Reply rule =
        s.post(
            "/v1/policy/rules",
            admin,
            Map.of(
                "id",
                "no-alice",
                "priority",
                10,
                "effect",
                "deny",
                "subjects",
                Map.of("usernames", List.of("alice")),
                "actions",
                List.of("login")));
    assertThat(rule.status()).isIn(200, 201);

    Reply renew = s.post("/v1/auth/renew", token, null);

    assertThat(renew.status()).isEqualTo(403);
    assertThat(renew.json().get("error").asText()).isEqualTo("login denied by policy");
  }
}
