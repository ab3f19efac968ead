package dev.metacircular.apps.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metacircular.domain.identity.IdentitySettings;
import dev.metacircular.ports.audit.AuditFilter;
import dev.metacircular.ports.audit.IdentityAuditTypes;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.identity.Account;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference's adversarial tests (seed 004) against the real server over TLS: algorithm
 * confusion, {@code alg: none}, revoked tokens, non-admin callers, user enumeration, credential
 * fields in responses, hostile input, lockout, and a full admin flow.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdentityServerSecurityTest {
  /** A JSON key that must never appear in a response (the TOTP enrolment answer may say secret). */
  static final Pattern CREDENTIAL_FIELD =
      Pattern.compile(
          "\"(password|password_hash|passwordHash|totp_secret|totpSecret|secret)\"\\s*:");

  TestServer server;
  String adminToken;
  String userToken;
  Account user;

  @BeforeAll
  void start(@TempDir Path dir) {
    server = TestServer.start(dir);
    server.createAccount("admin", AccountType.HUMAN, Role.ADMIN);
    user = server.createAccount("alice", AccountType.HUMAN, Role.USER);
    adminToken = server.login("admin");
    userToken = server.login("alice");
  }

  @AfterAll
  void noResponseEverCarriedACredentialField() {
    try {
      assertThat(server.seen).isNotEmpty();
      for (TestServer.Seen s : server.seen) {
        if (s.path().equals("/v1/auth/totp/enroll") && s.status() == 200) {
          // The one response that hands a secret out on purpose; still no password or hash.
          assertThat(s.body()).doesNotContain("\"password\"", "password_hash", "totp_secret");
          continue;
        }
        assertThat(CREDENTIAL_FIELD.matcher(s.body()).find())
            .as("%s %s -> %s", s.method(), s.path(), s.body())
            .isFalse();
        assertThat(s.body()).doesNotContain(TestServer.PASSWORD).doesNotContain("$argon2");
      }
    } finally {
      server.close();
    }
  }

  // ---- tokens -----------------------------------------------------------------------------

  @Test
  void healthAndPublicKeyArePublic() {
    TestServer.Reply health = server.get("/v1/health", null);
    TestServer.Reply key = server.get("/v1/keys/public", null);

    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().get("status").asText()).isEqualTo("ok");
    assertThat(key.status()).isEqualTo(200);
    assertThat(key.json().get("alg").asText()).isEqualTo("EdDSA");
  }

  @Test
  void anHs256TokenSignedWithThePublicKeyIsRejected() throws Exception {
    JsonNode key = server.get("/v1/keys/public", null).json();
    List<byte[]> secrets = new ArrayList<>();
    secrets.add(key.get("pem").asText().getBytes(StandardCharsets.US_ASCII));
    secrets.add(Base64.getUrlDecoder().decode(key.get("x").asText()));
    secrets.add(key.get("x").asText().getBytes(StandardCharsets.US_ASCII));

    for (byte[] secret : secrets) {
      String header =
          b64("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"" + key.get("kid").asText() + "\"}");
      String payload = adminToken.split("\\.")[1];
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      String signature =
          Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(
                  mac.doFinal((header + "." + payload).getBytes(StandardCharsets.US_ASCII)));
      String forged = header + "." + payload + "." + signature;

      assertRejected(forged);
    }
  }

  @Test
  void anAlgNoneTokenIsRejected() {
    String payload = adminToken.split("\\.")[1];

    assertRejected(b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + payload + ".");
    assertRejected(b64("{\"alg\":\"none\"}") + "." + payload + "." + adminToken.split("\\.")[2]);
    assertRejected(b64("{\"alg\":\"NONE\",\"typ\":\"JWT\"}") + "." + payload + ".");
  }

  @Test
  void aTamperedPayloadIsRejected() {
    String[] parts = adminToken.split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    String forgedPayload = b64(payload.replace("\"exp\":", "\"exp\":1"));

    assertRejected(parts[0] + "." + forgedPayload + "." + parts[2]);
    assertRejected("garbage");
    assertRejected("a.b.c");
  }

  @Test
  void aLoggedOutTokenCannotBeReused() {
    String token = server.login("alice");
    assertThat(validate(token).get("valid").asBoolean()).isTrue();

    assertThat(server.post("/v1/auth/logout", token, null).status()).isEqualTo(200);

    assertThat(validate(token).get("valid").asBoolean()).isFalse();
    assertThat(server.get("/v1/accounts", token).status()).isEqualTo(401);
    assertThat(server.post("/v1/auth/renew", token, null).status()).isEqualTo(401);
    assertThat(server.post("/v1/auth/logout", token, null).status()).isEqualTo(401);
  }

  @Test
  void aTokenRevokedByAnAdminCannotBeReused() {
    String token = server.login("alice");
    String jti = claims(token).get("jti").asText();

    TestServer.Reply revoke =
        server.post("/v1/token/revoke", adminToken, "{\"jti\":\"" + jti + "\"}");

    assertThat(revoke.status()).as(revoke.body()).isEqualTo(200);
    assertThat(validate(token).get("valid").asBoolean()).isFalse();
    assertThat(server.post("/v1/auth/renew", token, null).status()).isEqualTo(401);
  }

  @Test
  void renewingIssuesANewTokenAndRevokesTheOld() {
    String token = server.login("alice");

    TestServer.Reply renewed = server.post("/v1/auth/renew", token, null);

    assertThat(renewed.status()).as(renewed.body()).isEqualTo(200);
    String fresh = renewed.json().get("token").asText();
    assertThat(validate(fresh).get("valid").asBoolean()).isTrue();
    assertThat(validate(token).get("valid").asBoolean()).isFalse();
  }

  // ---- authorisation ------------------------------------------------------------------------

  @Test
  void aNonAdminGetsForbiddenOnEveryAdminEndpoint() {
    String id = user.id().toString();
    String rule =
        "{\"priority\":10,\"effect\":\"deny\",\"subjects\":{\"usernames\":[\"mallory\"]}}";
    List<String[]> calls =
        List.of(
            new String[] {"GET", "/v1/accounts", null},
            new String[] {
              "POST", "/v1/accounts", "{\"username\":\"mallory\",\"account_type\":\"human\"}"
            },
            new String[] {"GET", "/v1/accounts/" + id, null},
            new String[] {"PATCH", "/v1/accounts/" + id, "{\"status\":\"inactive\"}"},
            new String[] {"DELETE", "/v1/accounts/" + id, null},
            new String[] {"GET", "/v1/accounts/" + id + "/roles", null},
            new String[] {"PUT", "/v1/accounts/" + id + "/roles", "{\"roles\":[\"admin\"]}"},
            new String[] {"GET", "/v1/accounts/" + id + "/tokens", null},
            new String[] {"POST", "/v1/token/issue", "{\"account_id\":\"" + id + "\"}"},
            new String[] {"POST", "/v1/token/revoke", "{\"jti\":\"" + UUID.randomUUID() + "\"}"},
            new String[] {"GET", "/v1/policy/rules", null},
            new String[] {"POST", "/v1/policy/rules", rule},
            new String[] {"GET", "/v1/policy/rules/some-rule", null},
            new String[] {"PUT", "/v1/policy/rules/some-rule", rule},
            new String[] {"DELETE", "/v1/policy/rules/some-rule", null},
            new String[] {
              "POST",
              "/v1/policy/explain",
              "{\"subject\":{\"username\":\"alice\"},\"action\":\"login\"}"
            },
            new String[] {"GET", "/v1/audit", null},
            new String[] {
              "POST", "/v1/auth/totp/remove", "{\"account_id\":\"" + adminId() + "\"}"
            });

    for (String[] call : calls) {
      TestServer.Reply r = server.send(call[0], call[1], userToken, call[2]);
      assertThat(r.status()).as("%s %s -> %s", call[0], call[1], r.body()).isEqualTo(403);
      assertThat(r.json().has("error")).isTrue();
      TestServer.Reply anonymous = server.send(call[0], call[1], null, call[2]);
      assertThat(anonymous.status()).as("anonymous %s %s", call[0], call[1]).isEqualTo(401);
    }
    // Nothing changed behind the refusals.
    assertThat(server.server.core().accounts().get(TestServer.SETUP, user.id()).roles())
        .containsExactly(Role.USER);
  }

  // ---- login --------------------------------------------------------------------------------

  @Test
  void aWrongPasswordAndAnUnknownUserLookTheSame() {
    TestServer.Reply wrong =
        server.post("/v1/auth/login", null, TestServer.loginBody("alice", "wrong password!!"));
    TestServer.Reply unknown =
        server.post(
            "/v1/auth/login", null, TestServer.loginBody("nobody-here", "wrong password!!"));

    assertThat(wrong.status()).isEqualTo(401);
    assertThat(unknown.status()).isEqualTo(wrong.status());
    assertThat(unknown.raw().body()).isEqualTo(wrong.raw().body());
    assertThat(unknown.header("Content-Type")).isEqualTo(wrong.header("Content-Type"));
  }

  @Test
  void repeatedFailuresLockTheAccountWithRetryAfter() {
    server.createAccount("locksmith", AccountType.HUMAN, Role.USER);
    // The rate limit is out of the way (TestServer.cheap): only the lockout can answer 429, and
    // exactly at its threshold.
    int threshold = IdentitySettings.defaults("https://test.example").lockoutThreshold();
    for (int i = 0; i < threshold; i++) {
      TestServer.Reply wrong =
          server.post(
              "/v1/auth/login", null, TestServer.loginBody("locksmith", "not the password"));
      assertThat(wrong.status()).as("attempt %d", i + 1).isEqualTo(401);
    }

    // Locked means locked: the right password does not get in either.
    TestServer.Reply right =
        server.post("/v1/auth/login", null, TestServer.loginBody("locksmith", TestServer.PASSWORD));
    assertThat(right.status()).isEqualTo(429);
    assertThat(right.json().get("error").asText()).isEqualTo("account locked");
    assertThat(Long.parseLong(right.header("Retry-After"))).isPositive();
    assertThat(
            server
                .server
                .core()
                .audit()
                .query(
                    TestServer.SETUP,
                    new AuditFilter("locksmith", IdentityAuditTypes.ACCOUNT_LOCKED, null, 10)))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.details())
                    .containsEntry("failed_logins", Integer.toString(threshold)));
  }

  // ---- hostile input ------------------------------------------------------------------------

  @Test
  void malformedInputIsABadRequestWithAJsonError() {
    List<TestServer.Reply> replies =
        List.of(
            server.post("/v1/auth/login", null, "{\"username\": \"alice\", "),
            server.post("/v1/auth/login", null, "[1,2,3]"),
            server.post(
                "/v1/auth/login",
                null,
                "{\"username\":\"alice\",\"password\":\"x\",\"admin\":true}"),
            server.post("/v1/auth/login", null, TestServer.loginBody("", "a password")),
            server.post("/v1/auth/login", null, TestServer.loginBody("a".repeat(65), "a password")),
            server.post(
                "/v1/accounts",
                adminToken,
                "{\"username\":\"" + "b".repeat(65) + "\",\"account_type\":\"human\"}"),
            server.post(
                "/v1/accounts", adminToken, "{\"username\":\"\",\"account_type\":\"human\"}"),
            server.post(
                "/v1/accounts", adminToken, "{\"username\":\"ok\",\"account_type\":\"robot\"}"),
            server.get("/v1/accounts/not-a-uuid", adminToken),
            server.get("/v1/accounts/" + "1".repeat(36) + "/roles", adminToken),
            server.post("/v1/token/issue", adminToken, "{\"account_id\":\"not-a-uuid\"}"),
            server.post("/v1/token/validate", null, "{\"token\":\"x\",\"extra\":1}"),
            server.post("/v1/token/validate", null, ""),
            server.send(
                "POST",
                "/v1/auth/login",
                null,
                new byte[] {'{', '"', 'u', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'},
                null),
            server.send(
                "POST",
                "/v1/auth/login",
                null,
                ("{\"username\":\"alice\",\"password\":\"" + "\u00ff" + "\"}")
                    .getBytes(StandardCharsets.ISO_8859_1),
                null),
            server.post(
                "/v1/auth/login",
                null,
                "{\"username\":" + "[".repeat(5000) + "]".repeat(5000) + "}"));

    for (TestServer.Reply r : replies) {
      assertThat(r.status()).as(r.body()).isEqualTo(400);
      assertThat(r.header("Content-Type")).startsWith("application/json");
      assertThat(r.json().get("error").asText()).isNotBlank();
    }
  }

  @Test
  void anOversizedBodyIsRefusedWith413() {
    String huge = "{\"username\":\"alice\",\"password\":\"" + "x".repeat(256 * 1024) + "\"}";

    TestServer.Reply r = server.post("/v1/auth/login", null, huge);

    assertThat(r.status()).isEqualTo(413);
    assertThat(r.json().get("error").asText()).isNotBlank();
  }

  @Test
  void unknownRoutesAnswerJson() {
    TestServer.Reply r = server.get("/v1/nope", adminToken);

    assertThat(r.status()).isEqualTo(404);
    assertThat(r.json().has("error")).isTrue();
  }

  // ---- the full admin flow ------------------------------------------------------------------

  @Test
  void anAdminRunsTheWholeServiceAccountLifecycle() {
    String token = server.login("admin");

    TestServer.Reply created =
        server.post(
            "/v1/accounts",
            token,
            "{\"username\":\"deploy-bot\",\"account_type\":\"system\",\"roles\":[\"user\"]}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.json().get("id").asText();
    assertThat(created.json().get("account_type").asText()).isEqualTo("system");

    TestServer.Reply roles =
        server.send(
            "PUT", "/v1/accounts/" + id + "/roles", token, "{\"roles\":[\"user\",\"guest\"]}");
    assertThat(roles.status()).as(roles.body()).isEqualTo(200);
    assertThat(server.get("/v1/accounts/" + id + "/roles", token).json().get("roles"))
        .extracting(JsonNode::asText)
        .containsExactly("guest", "user");

    TestServer.Reply issued =
        server.post("/v1/token/issue", token, "{\"account_id\":\"" + id + "\",\"ttl\":\"720h\"}");
    assertThat(issued.status()).as(issued.body()).isEqualTo(200);
    String serviceToken = issued.json().get("token").asText();
    String jti = issued.json().get("jti").asText();

    JsonNode valid = validate(serviceToken);
    assertThat(valid.get("valid").asBoolean()).isTrue();
    assertThat(valid.get("sub").asText()).isEqualTo(id);
    assertThat(valid.get("account_type").asText()).isEqualTo("system");
    assertThat(
            server
                .get("/v1/accounts/" + id + "/tokens", token)
                .json()
                .get("tokens")
                .get(0)
                .get("jti")
                .asText())
        .isEqualTo(jti);

    assertThat(server.post("/v1/token/revoke", token, "{\"jti\":\"" + jti + "\"}").status())
        .isEqualTo(200);
    assertThat(validate(serviceToken).get("valid").asBoolean()).isFalse();

    TestServer.Reply audit = server.get("/v1/audit?limit=200", token);
    assertThat(audit.status()).as(audit.body()).isEqualTo(200);
    List<String> types = new ArrayList<>();
    audit.json().get("events").forEach(e -> types.add(e.get("type").asText()));
    assertThat(types)
        .contains(
            "login_success", "account_created", "roles_changed", "token_issued", "token_revoked");
    List<String> aboutAccount = new ArrayList<>();
    server
        .get("/v1/audit?account=" + id, token)
        .json()
        .get("events")
        .forEach(e -> aboutAccount.add(e.get("type").asText()));
    assertThat(aboutAccount).contains("account_created", "roles_changed");
    TestServer.Reply issuedEvents =
        server.get("/v1/audit?account=" + id + "&type=token_issued", token);
    assertThat(issuedEvents.json().get("events")).hasSize(1);
    assertThat(issuedEvents.json().get("events").get(0).get("details").get("jti").asText())
        .isEqualTo(jti);

    assertThat(server.delete("/v1/accounts/" + id, token).status()).isEqualTo(200);
    assertThat(server.get("/v1/accounts", token).body()).doesNotContain("deploy-bot");
  }

  @Test
  void totpEnrolmentHandsOutTheSecretOnlyOnce() {
    server.createAccount("totp-user", AccountType.HUMAN, Role.USER);
    String token = server.login("totp-user");

    TestServer.Reply enrol =
        server.post(
            "/v1/auth/totp/enroll", token, "{\"password\":\"" + TestServer.PASSWORD + "\"}");
    TestServer.Reply account = server.get("/v1/accounts/" + accountId("totp-user"), adminToken);

    assertThat(enrol.status()).as(enrol.body()).isEqualTo(200);
    assertThat(enrol.json().get("secret").asText()).matches("[A-Z2-7]+=*");
    assertThat(account.body()).doesNotContain(enrol.json().get("secret").asText());
  }

  @Test
  void anyoneChangesTheirOwnPasswordWithTheCurrentOne() {
    server.createAccount("self-service", AccountType.HUMAN, Role.USER);
    String token = server.login("self-service");

    TestServer.Reply me = server.get("/v1/auth/me", token);
    assertThat(me.status()).as(me.body()).isEqualTo(200);
    assertThat(me.json().get("username").asText()).isEqualTo("self-service");

    TestServer.Reply wrong =
        server.post(
            "/v1/auth/password",
            token,
            "{\"current_password\":\"not the password\",\"new_password\":\"a brand new passphrase\"}");
    assertThat(wrong.status()).as(wrong.body()).isEqualTo(401);
    TestServer.Reply missing =
        server.post(
            "/v1/auth/password", token, "{\"current_password\":\"" + TestServer.PASSWORD + "\"}");
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.json().get("error").asText()).isEqualTo("new_password is required");
    TestServer.Reply unauthenticated =
        server.post(
            "/v1/auth/password",
            null,
            "{\"current_password\":\"x\",\"new_password\":\"a brand new passphrase\"}");
    assertThat(unauthenticated.status()).isEqualTo(401);

    TestServer.Reply changed =
        server.post(
            "/v1/auth/password",
            token,
            "{\"current_password\":\""
                + TestServer.PASSWORD
                + "\",\"new_password\":\"a brand new passphrase\"}");
    assertThat(changed.status()).as(changed.body()).isEqualTo(204);
    assertThat(
            server
                .post(
                    "/v1/auth/login",
                    null,
                    TestServer.loginBody("self-service", TestServer.PASSWORD))
                .status())
        .isEqualTo(401);
    assertThat(
            server
                .post(
                    "/v1/auth/login",
                    null,
                    TestServer.loginBody("self-service", "a brand new passphrase"))
                .status())
        .isEqualTo(200);
  }

  // ---- helpers ------------------------------------------------------------------------------

  private void assertRejected(String token) {
    TestServer.Reply validate = server.post("/v1/token/validate", null, tokenBody(token));
    assertThat(validate.status()).isEqualTo(200);
    assertThat(validate.json().get("valid").asBoolean()).as(token).isFalse();
    assertThat(validate.json().size()).isEqualTo(1);
    assertThat(server.get("/v1/accounts", token).status()).isEqualTo(401);
    assertThat(server.get("/v1/audit", token).status()).isEqualTo(401);
  }

  private JsonNode validate(String token) {
    TestServer.Reply r = server.post("/v1/token/validate", null, tokenBody(token));
    assertThat(r.status()).isEqualTo(200);
    return r.json();
  }

  private static String tokenBody(String token) {
    return "{\"token\":\"" + token + "\"}";
  }

  private static JsonNode claims(String token) {
    try {
      return TestServer.JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private String adminId() {
    return accountId("admin");
  }

  private String accountId(String username) {
    return server
        .server
        .core()
        .accounts()
        .getByUsername(TestServer.SETUP, username)
        .id()
        .toString();
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
