package dev.metacircular.rest;

import static dev.metacircular.rest.FakeIdentityPorts.ADMIN_ID;
import static dev.metacircular.rest.FakeIdentityPorts.ADMIN_TOKEN;
import static dev.metacircular.rest.FakeIdentityPorts.GOOD_PASSWORD;
import static dev.metacircular.rest.FakeIdentityPorts.USER_ID;
import static dev.metacircular.rest.FakeIdentityPorts.USER_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metacircular.ports.identity.AccountStatus;
import dev.metacircular.ports.policy.Effect;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every identity route on a real TLS server over fakes of the core's ports. */
class IdentityRestServerTest {
  private static final FakeIdentityPorts CORE = new FakeIdentityPorts();
  private static IdentityRestServer server;
  private static TestClient client;

  @BeforeAll
  static void start() {
    server = IdentityRestServer.start(CORE.api(), TestTls.settings());
    client = new TestClient(server.port());
  }

  @AfterAll
  static void noResponseEverCarriedACredentialOrAStackTrace() {
    server.close();
    assertThat(client.bodies).isNotEmpty();
    for (String body : client.bodies) {
      assertThat(body)
          .doesNotContain(GOOD_PASSWORD)
          .doesNotContain("Exception")
          .doesNotContain("at dev.metacircular");
      List<String> keys = new ArrayList<>();
      collectKeys(parse(body), keys);
      assertThat(keys)
          .as(body)
          .noneMatch(k -> k.contains("password") || k.contains("hash") || k.equals("totp_secret"));
    }
  }

  private static JsonNode parse(String body) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
    } catch (java.io.IOException e) {
      throw new AssertionError("every response is JSON, but got: " + body, e);
    }
  }

  private static void collectKeys(JsonNode node, List<String> keys) {
    if (node == null) {
      return;
    }
    node.fields()
        .forEachRemaining(
            e -> {
              keys.add(e.getKey());
              collectKeys(e.getValue(), keys);
            });
    if (node.isArray()) {
      node.forEach(child -> collectKeys(child, keys));
    }
  }

  // --- public routes ------------------------------------------------------------------------

  @Test
  void healthIsOk() {
    var reply = client.get("/v1/health", null);
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body()).isEqualTo("{\"status\":\"ok\"}");
    SecureJavalinTest.assertSecurityHeaders(reply);
  }

  @Test
  void thePublicKeyIsAJwkWithPem() {
    JsonNode key = client.get("/v1/keys/public", null).json();
    assertThat(fieldNames(key)).containsExactly("kty", "crv", "alg", "use", "kid", "x", "pem");
    assertThat(key.get("kty").asText()).isEqualTo("OKP");
    assertThat(key.get("crv").asText()).isEqualTo("Ed25519");
    assertThat(key.get("alg").asText()).isEqualTo("EdDSA");
    assertThat(key.get("use").asText()).isEqualTo("sig");
    assertThat(key.get("kid").asText()).isEqualTo("kid-1");
    assertThat(key.get("pem").asText()).startsWith("-----BEGIN PUBLIC KEY-----");
  }

  @Test
  void loginAnswersATokenAndWipesThePassword() {
    var reply =
        client.post(
            "/v1/auth/login",
            null,
            "{\"username\":\"alice\",\"password\":\""
                + GOOD_PASSWORD
                + "\",\"totp_code\":\"123456\","
                + "\"service_name\":\"metacrypt\",\"tags\":[\"env:prod\"]}");
    assertThat(reply.status()).isEqualTo(200);
    JsonNode body = reply.json();
    assertThat(fieldNames(body)).containsExactly("token", "expires_at");
    assertThat(body.get("token").asText()).isEqualTo(USER_TOKEN);
    assertThat(body.get("expires_at").asText()).isEqualTo("2026-01-02T04:04:05Z");
    var command = CORE.login.last;
    assertThat(command.sourceAddress()).isEqualTo("127.0.0.1");
    assertThat(command.totpCode()).isEqualTo("123456");
    assertThat(command.serviceName()).isEqualTo("metacrypt");
    assertThat(command.tags()).containsExactly("env:prod");
    assertThat(CORE.login.lastPassword).containsOnly('\0');
  }

  @Test
  void aFailedLoginIsAWipedUnauthenticated() {
    var reply =
        client.post(
            "/v1/auth/login", null, "{\"username\":\"alice\",\"password\":\"wrong-password\"}");
    assertThat(reply.status()).isEqualTo(401);
    assertThat(reply.body()).isEqualTo("{\"error\":\"invalid credentials\"}");
    assertThat(CORE.login.lastPassword).containsOnly('\0');
  }

  @Test
  void aLockedOutLoginSaysWhenToRetry() {
    var reply = client.post("/v1/auth/login", null, "{\"username\":\"locked\",\"password\":\"x\"}");
    assertThat(reply.status()).isEqualTo(429);
    assertThat(reply.header("Retry-After")).isEqualTo("2");
    assertThat(reply.json().get("error").asText()).isEqualTo("too many attempts");
  }

  @Test
  void aPolicyDeniedLoginIsForbidden() {
    var reply = client.post("/v1/auth/login", null, "{\"username\":\"denied\",\"password\":\"x\"}");
    assertThat(reply.status()).isEqualTo(403);
    assertThat(reply.json().get("error").asText()).isEqualTo("login denied by policy");
  }

  @Test
  void aBrokenCoreIsAGeneric500() {
    var reply = client.post("/v1/auth/login", null, "{\"username\":\"broken\",\"password\":\"x\"}");
    assertThat(reply.status()).isEqualTo(500);
    assertThat(reply.body()).isEqualTo("{\"error\":\"internal error\"}");
    SecureJavalinTest.assertSecurityHeaders(reply);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"username\":\"\",\"password\":\"x\"}",
        "{\"username\":\"has space\",\"password\":\"x\"}",
        "{\"username\":\"alice\"}",
        "{\"username\":\"alice\",\"password\":\"x\",\"totp_code\":\"12ab56\"}",
        "{\"username\":\"alice\",\"password\":\"x\",\"admin\":true}",
        "{\"username\":\"alice\",\"password\":[\"x\",\"y\"],\"password\":\"z\"}",
        "{\"username\":\"alice\",\"password\":\"x\"",
        ""
      })
  void badLoginRequestsAre400(String body) {
    assertThat(client.post("/v1/auth/login", null, body).status()).isEqualTo(400);
  }

  @Test
  void logoutRevokesThePresentedToken() {
    var reply = client.post("/v1/auth/logout", USER_TOKEN, null);
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body()).isEqualTo("{\"status\":\"ok\"}");
    assertThat(CORE.sessions.loggedOut).contains(USER_TOKEN);
  }

  @Test
  void logoutAndRenewNeedAValidBearer() {
    var missing = client.post("/v1/auth/logout", null, null);
    assertThat(missing.status()).isEqualTo(401);
    assertThat(missing.json().get("error").asText()).isEqualTo("missing token");
    assertThat(client.post("/v1/auth/renew", "garbage", null).status()).isEqualTo(401);
    var basic =
        client.send(
            client
                .builder("/v1/auth/renew", null)
                .header("Authorization", "Basic dXNlcjpwYXNz")
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
    assertThat(basic.status()).isEqualTo(401);
  }

  @Test
  void renewAnswersAFreshToken() {
    JsonNode body = client.post("/v1/auth/renew", USER_TOKEN, null).json();
    assertThat(fieldNames(body)).containsExactly("token", "expires_at");
    assertThat(body.get("token").asText()).isEqualTo("renewed.token");
    assertThat(body.get("expires_at").asText()).isEqualTo("2026-01-02T05:04:05Z");
  }

  @Test
  void validateAnswersTheClaimsOfAValidToken() {
    var reply = client.post("/v1/token/validate", null, "{\"token\":\"" + ADMIN_TOKEN + "\"}");
    assertThat(reply.status()).isEqualTo(200);
    JsonNode body = reply.json();
    assertThat(fieldNames(body))
        .containsExactly("valid", "sub", "aud", "username", "roles", "account_type", "expires_at");
    assertThat(body.get("valid").asBoolean()).isTrue();
    assertThat(body.get("aud").asText()).isEqualTo("mcias");
    assertThat(body.get("sub").asText()).isEqualTo(ADMIN_ID.toString());
    assertThat(body.get("username").asText()).isEqualTo("root");
    assertThat(body.get("roles").toString()).isEqualTo("[\"admin\",\"user\"]");
    assertThat(body.get("account_type").asText()).isEqualTo("human");
    assertThat(body.get("expires_at").asText()).isEqualTo("2026-01-02T04:04:05Z");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"token\":\"garbage\"}",
        "{\"token\":\"\"}",
        "{\"token\":\"   \"}",
        "{\"token\":null}",
        "{}",
        "{\"token\":\"eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.\"}",
        "{\"token\":\"a.b.c.d.e\"}",
        "{\"token\":\"\\u0000\\u202e\\ud83d\\ude00\"}"
      })
  void validateNeverFailsForABadToken(String body) {
    var reply = client.post("/v1/token/validate", null, body);
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body()).isEqualTo("{\"valid\":false}");
  }

  @Test
  void validateOfAHugeGarbageTokenIsStillJustInvalid() {
    var reply =
        client.post("/v1/token/validate", null, "{\"token\":\"" + "A".repeat(60_000) + "\"}");
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body()).isEqualTo("{\"valid\":false}");
  }

  @Test
  void validateWithAMalformedBodyIsStill400() {
    assertThat(client.post("/v1/token/validate", null, "{\"token\":").status()).isEqualTo(400);
    assertThat(client.post("/v1/token/validate", null, "{\"jwt\":\"x\"}").status()).isEqualTo(400);
  }

  // --- authentication of admin routes -------------------------------------------------------

  @ParameterizedTest
  @CsvSource({
    "POST, /v1/token/issue",
    "POST, /v1/token/revoke",
    "POST, /v1/accounts",
    "GET, /v1/accounts",
    "GET, /v1/accounts/00000000-0000-4000-8000-000000000002",
    "PATCH, /v1/accounts/00000000-0000-4000-8000-000000000002",
    "DELETE, /v1/accounts/00000000-0000-4000-8000-000000000002",
    "GET, /v1/accounts/00000000-0000-4000-8000-000000000002/roles",
    "PUT, /v1/accounts/00000000-0000-4000-8000-000000000002/roles",
    "GET, /v1/accounts/00000000-0000-4000-8000-000000000002/tokens",
    "POST, /v1/auth/totp/enroll",
    "POST, /v1/auth/totp/confirm",
    "POST, /v1/auth/totp/remove",
    "POST, /v1/policy/rules",
    "GET, /v1/policy/rules",
    "GET, /v1/policy/rules/r1",
    "PUT, /v1/policy/rules/r1",
    "DELETE, /v1/policy/rules/r1",
    "POST, /v1/policy/explain",
    "GET, /v1/audit"
  })
  void protectedRoutesAnswer401WithoutAValidBearer(String method, String path) {
    for (String token : new String[] {null, "not-a-token"}) {
      var reply =
          client.send(
              client
                  .builder(path, token)
                  .method(method, java.net.http.HttpRequest.BodyPublishers.ofString("{}")));
      assertThat(reply.status()).as(method + " " + path).isEqualTo(401);
      assertThat(reply.json().get("error").asText()).isNotBlank();
      assertThat(reply.header("WWW-Authenticate")).isEqualTo("Bearer");
    }
  }

  @Test
  void nonAdminsAreForbiddenByTheCore() {
    var reply = client.get("/v1/accounts", USER_TOKEN);
    assertThat(reply.status()).isEqualTo(403);
    assertThat(reply.body()).isEqualTo("{\"error\":\"admin role required\"}");
  }

  // --- tokens -------------------------------------------------------------------------------

  @ParameterizedTest
  @CsvSource({
    "'\"720h\"', PT720H",
    "'\"30m\"', PT30M",
    "'\"45s\"', PT45S",
    "'\"7d\"', PT168H",
    "'\"1h30m\"', PT1H30M",
    "3600, PT1H"
  })
  void issueAcceptsGoDurationsAndSeconds(String ttl, String expected) {
    var reply =
        client.post(
            "/v1/token/issue",
            ADMIN_TOKEN,
            "{\"account_id\":\"" + USER_ID + "\",\"ttl\":" + ttl + "}");
    assertThat(reply.status()).isEqualTo(200);
    assertThat(CORE.tokenAdmin.lastTtl).isEqualTo(Duration.parse(expected));
    assertThat(CORE.tokenAdmin.lastAccount).isEqualTo(USER_ID);
    JsonNode body = reply.json();
    assertThat(fieldNames(body)).containsExactly("token", "jti", "expires_at");
    assertThat(Instant.parse(body.get("expires_at").asText()))
        .isEqualTo(FakeIdentityPorts.NOW.plus(Duration.parse(expected)));
  }

  @Test
  void issueWithoutTtlLeavesTheDefaultToTheCore() {
    var reply = client.post("/v1/token/issue", ADMIN_TOKEN, "{\"account_id\":\"" + USER_ID + "\"}");
    assertThat(reply.status()).isEqualTo(200);
    assertThat(CORE.tokenAdmin.lastTtl).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"forever\"",
        "\"10y\"",
        "\"720\"",
        "\"h\"",
        "\"-5h\"",
        "1.5",
        "true",
        "[1]",
        "{\"h\":1}",
        "\"99999999999999h\""
      })
  void issueRefusesAnInvalidTtl(String ttl) {
    var reply =
        client.post(
            "/v1/token/issue",
            ADMIN_TOKEN,
            "{\"account_id\":\"" + USER_ID + "\",\"ttl\":" + ttl + "}");
    assertThat(reply.status()).isEqualTo(400);
  }

  @Test
  void aNonPositiveTtlIsTheCoresToRefuse() {
    var reply =
        client.post(
            "/v1/token/issue", ADMIN_TOKEN, "{\"account_id\":\"" + USER_ID + "\",\"ttl\":0}");
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().get("error").asText()).isEqualTo("ttl must be positive");
  }

  @ParameterizedTest
  @ValueSource(strings = {"not-a-uuid", "1-1-1-1-1", "", "00000000-0000-4000-8000-00000000000g"})
  void issueRefusesAnInvalidAccountId(String id) {
    var reply = client.post("/v1/token/issue", ADMIN_TOKEN, "{\"account_id\":\"" + id + "\"}");
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.body()).isEqualTo("{\"error\":\"invalid account id\"}");
  }

  @Test
  void deeplyNestedJsonIsRefused() {
    String deep = "[".repeat(50) + "]".repeat(50);
    var reply =
        client.post(
            "/v1/token/issue",
            ADMIN_TOKEN,
            "{\"account_id\":\"" + USER_ID + "\",\"ttl\":" + deep + "}");
    assertThat(reply.status()).isEqualTo(400);
  }

  @Test
  void anOversizedBodyIs413() {
    var reply =
        client.post("/v1/token/validate", null, "{\"token\":\"" + "A".repeat(70_000) + "\"}");
    assertThat(reply.status()).isEqualTo(413);
    assertThat(reply.body()).isEqualTo("{\"error\":\"request body too large\"}");
    var chunked =
        client.postChunked(
            "/v1/token/validate",
            null,
            ("{\"token\":\"" + "A".repeat(70_000) + "\"}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(chunked.status()).isEqualTo(413);
  }

  @Test
  void revokeByJti() {
    var reply =
        client.post("/v1/token/revoke", ADMIN_TOKEN, "{\"jti\":\"jti-9\",\"reason\":\"leaked\"}");
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body()).isEqualTo("{\"status\":\"ok\"}");
    assertThat(CORE.tokenAdmin.revoked).contains("jti-9:leaked");
    assertThat(client.post("/v1/token/revoke", ADMIN_TOKEN, "{\"jti\":\"unknown\"}").status())
        .isEqualTo(404);
    assertThat(client.post("/v1/token/revoke", ADMIN_TOKEN, "{\"reason\":\"x\"}").status())
        .isEqualTo(400);
  }

  @Test
  void anAccountsTokensAreListed() {
    var reply = client.get("/v1/accounts/" + USER_ID + "/tokens", ADMIN_TOKEN);
    assertThat(reply.status()).isEqualTo(200);
    JsonNode tokens = reply.json().get("tokens");
    assertThat(tokens).hasSize(2);
    assertThat(fieldNames(tokens.get(0)))
        .containsExactly("jti", "kind", "issued_at", "expires_at", "revoked");
    assertThat(tokens.get(0).get("kind").asText()).isEqualTo("service");
    assertThat(tokens.get(0).get("revoked").asBoolean()).isFalse();
    assertThat(fieldNames(tokens.get(1)))
        .containsExactly("jti", "kind", "issued_at", "expires_at", "revoked", "revoked_at");
    assertThat(tokens.get(1).get("kind").asText()).isEqualTo("login");
    assertThat(tokens.get(1).get("revoked_at").asText()).isEqualTo("2026-01-02T03:04:05Z");
  }

  // --- accounts -----------------------------------------------------------------------------

  @Test
  void createAnAccount() {
    var reply =
        client.post(
            "/v1/accounts",
            ADMIN_TOKEN,
            "{\"username\":\"bob\",\"account_type\":\"human\",\"password\":\""
                + GOOD_PASSWORD
                + "\",\"roles\":[\"user\",\"admin\"]}");
    assertThat(reply.status()).isEqualTo(201);
    JsonNode account = reply.json();
    assertAccountShape(account);
    assertThat(account.get("username").asText()).isEqualTo("bob");
    assertThat(account.get("account_type").asText()).isEqualTo("human");
    assertThat(account.get("status").asText()).isEqualTo("active");
    assertThat(account.get("roles").toString()).isEqualTo("[\"admin\",\"user\"]");
    assertThat(account.get("totp_enabled").asBoolean()).isFalse();
    assertThat(CORE.accounts.lastPassword).isNotNull().containsOnly('\0');
    var again =
        client.post(
            "/v1/accounts", ADMIN_TOKEN, "{\"username\":\"bob\",\"account_type\":\"system\"}");
    assertThat(again.status()).isEqualTo(409);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"username\":\"svc\",\"account_type\":\"robot\"}",
        "{\"username\":\"svc\"}",
        "{\"username\":\"svc\",\"account_type\":\"system\",\"password\":\"" + GOOD_PASSWORD + "\"}",
        "{\"username\":\"svc\",\"account_type\":\"human\",\"password\":\"short\"}",
        "{\"username\":\"svc\",\"account_type\":\"human\",\"roles\":[\"root\"]}",
        "{\"username\":\"svc\",\"account_type\":\"human\",\"roles\":\"admin\"}",
        "{\"username\":\"svc\",\"account_type\":\"human\",\"password_hash\":\"$argon2id$\"}"
      })
  void invalidAccountsAreRefused(String body) {
    assertThat(client.post("/v1/accounts", ADMIN_TOKEN, body).status()).isEqualTo(400);
  }

  @Test
  void listAndGetAccounts() {
    var list = client.get("/v1/accounts", ADMIN_TOKEN);
    assertThat(list.status()).isEqualTo(200);
    assertThat(fieldNames(list.json())).containsExactly("accounts");
    assertThat(list.json().get("accounts")).isNotEmpty();
    list.json().get("accounts").forEach(IdentityRestServerTest::assertAccountShape);

    var one = client.get("/v1/accounts/" + USER_ID, ADMIN_TOKEN);
    assertThat(one.status()).isEqualTo(200);
    assertAccountShape(one.json());
    assertThat(one.json().get("id").asText()).isEqualTo(USER_ID.toString());
    assertThat(one.json().get("created_at").asText()).isEqualTo("2026-01-02T03:04:05Z");
  }

  @Test
  void unknownAndInvalidAccountIds() {
    assertThat(client.get("/v1/accounts/" + UUID.randomUUID(), ADMIN_TOKEN).status())
        .isEqualTo(404);
    for (String bad : new String[] {"abc", "1-1-1-1-1", "00000000-0000-4000-8000-0000000000001"}) {
      var reply = client.get("/v1/accounts/" + bad, ADMIN_TOKEN);
      assertThat(reply.status()).isEqualTo(400);
      assertThat(reply.body()).isEqualTo("{\"error\":\"invalid account id\"}");
      assertThat(client.get("/v1/accounts/" + bad + "/roles", ADMIN_TOKEN).status()).isEqualTo(400);
      assertThat(client.delete("/v1/accounts/" + bad, ADMIN_TOKEN).status()).isEqualTo(400);
    }
  }

  @Test
  void patchAnAccount() {
    UUID id = createSystemAccount("patch-me");
    var reply =
        client.patch(
            "/v1/accounts/" + id,
            ADMIN_TOKEN,
            "{\"status\":\"inactive\",\"password\":\"" + GOOD_PASSWORD + "\"}");
    assertThat(reply.status()).isEqualTo(200);
    assertAccountShape(reply.json());
    assertThat(CORE.accounts.byId.get(id).status()).isEqualTo(AccountStatus.INACTIVE);
    assertThat(CORE.accounts.lastPassword).containsOnly('\0');
    assertThat(client.patch("/v1/accounts/" + id, ADMIN_TOKEN, "{}").status()).isEqualTo(400);
    assertThat(client.patch("/v1/accounts/" + id, ADMIN_TOKEN, "{\"status\":\"gone\"}").status())
        .isEqualTo(400);
    assertThat(client.patch("/v1/accounts/" + id, ADMIN_TOKEN, "{\"username\":\"x\"}").status())
        .isEqualTo(400);
  }

  @Test
  void deleteAnAccount() {
    UUID id = createSystemAccount("delete-me");
    var reply = client.delete("/v1/accounts/" + id, ADMIN_TOKEN);
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body()).isEqualTo("{\"status\":\"ok\"}");
    assertThat(client.get("/v1/accounts/" + id, ADMIN_TOKEN).status()).isEqualTo(404);
  }

  @Test
  void readAndReplaceRoles() {
    UUID id = createSystemAccount("roles-me");
    var roles = client.get("/v1/accounts/" + id + "/roles", ADMIN_TOKEN);
    assertThat(roles.status()).isEqualTo(200);
    assertThat(roles.body()).isEqualTo("{\"roles\":[]}");
    var put =
        client.put(
            "/v1/accounts/" + id + "/roles", ADMIN_TOKEN, "{\"roles\":[\"guest\",\"user\"]}");
    assertThat(put.status()).isEqualTo(200);
    assertThat(put.body()).isEqualTo("{\"roles\":[\"guest\",\"user\"]}");
    assertThat(client.get("/v1/accounts/" + id + "/roles", ADMIN_TOKEN).body())
        .isEqualTo("{\"roles\":[\"guest\",\"user\"]}");
    assertThat(
            client
                .put("/v1/accounts/" + id + "/roles", ADMIN_TOKEN, "{\"roles\":[\"god\"]}")
                .status())
        .isEqualTo(400);
    assertThat(client.put("/v1/accounts/" + id + "/roles", ADMIN_TOKEN, "{}").status())
        .isEqualTo(400);
    assertThat(
            client.put("/v1/accounts/" + id + "/roles", ADMIN_TOKEN, "{\"roles\":[null]}").status())
        .isEqualTo(400);
  }

  // --- TOTP ---------------------------------------------------------------------------------

  @Test
  void enrolReturnsTheSecretOnceAndWipesEverything() {
    var reply =
        client.post("/v1/auth/totp/enroll", USER_TOKEN, "{\"password\":\"" + GOOD_PASSWORD + "\"}");
    assertThat(reply.status()).isEqualTo(200);
    JsonNode body = reply.json();
    assertThat(fieldNames(body)).containsExactly("secret", "otpauth_uri");
    assertThat(body.get("secret").asText()).isEqualTo("JBSWY3DPEHPK3PXP");
    assertThat(body.get("otpauth_uri").asText()).startsWith("otpauth://totp/MCIAS:alice?");
    assertThat(CORE.totp.lastEnrolment.secretBase32()).containsOnly('\0');
    assertThat(CORE.totp.lastEnrolment.otpauthUri()).containsOnly('\0');
    assertThat(CORE.totp.lastPassword).containsOnly('\0');
  }

  @Test
  void enrolWithAWrongOrMissingPasswordIsRefused() {
    var wrong = client.post("/v1/auth/totp/enroll", USER_TOKEN, "{\"password\":\"nope\"}");
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(CORE.totp.lastPassword).containsOnly('\0');
    assertThat(client.post("/v1/auth/totp/enroll", USER_TOKEN, "{}").status()).isEqualTo(400);
  }

  @Test
  void confirmTotp() {
    var ok = client.post("/v1/auth/totp/confirm", USER_TOKEN, "{\"code\":\"123456\"}");
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.body()).isEqualTo("{\"status\":\"ok\"}");
    assertThat(client.post("/v1/auth/totp/confirm", USER_TOKEN, "{\"code\":\"000000\"}").status())
        .isEqualTo(401);
    assertThat(client.post("/v1/auth/totp/confirm", USER_TOKEN, "{}").status()).isEqualTo(400);
  }

  @Test
  void removeTotpDefaultsToTheCallersAccount() {
    var own = client.post("/v1/auth/totp/remove", USER_TOKEN, null);
    assertThat(own.status()).isEqualTo(200);
    assertThat(CORE.totp.lastRemoved).isEqualTo(USER_ID);
    assertThat(client.post("/v1/auth/totp/remove", USER_TOKEN, "{}").status()).isEqualTo(200);
    var other =
        client.post("/v1/auth/totp/remove", USER_TOKEN, "{\"account_id\":\"" + ADMIN_ID + "\"}");
    assertThat(other.status()).isEqualTo(403);
    var byAdmin =
        client.post("/v1/auth/totp/remove", ADMIN_TOKEN, "{\"account_id\":\"" + USER_ID + "\"}");
    assertThat(byAdmin.status()).isEqualTo(200);
    assertThat(CORE.totp.lastRemoved).isEqualTo(USER_ID);
    assertThat(client.post("/v1/auth/totp/remove", ADMIN_TOKEN, "{\"account_id\":\"x\"}").status())
        .isEqualTo(400);
  }

  // --- policy -------------------------------------------------------------------------------

  @Test
  void createARuleWithDefaults() {
    var reply = client.post("/v1/policy/rules", ADMIN_TOKEN, "{\"effect\":\"deny\"}");
    assertThat(reply.status()).isEqualTo(201);
    JsonNode rule = reply.json();
    assertRuleShape(rule);
    assertThat(rule.get("id").asText()).startsWith("rule-");
    assertThat(rule.get("priority").asInt()).isEqualTo(100);
    assertThat(rule.get("effect").asText()).isEqualTo("deny");
    assertThat(rule.get("description").asText()).isEmpty();
    assertThat(rule.get("subjects").toString())
        .isEqualTo("{\"usernames\":[],\"roles\":[],\"account_types\":[]}");
    assertThat(rule.get("resources").toString())
        .isEqualTo("{\"services\":[],\"tags\":[],\"mounts\":[],\"paths\":[]}");
    assertThat(rule.get("actions").toString()).isEqualTo("[]");
  }

  @Test
  void aRuleRoundTripsAndCanBeReplacedAndDeleted() {
    String json =
        "{\"id\":\"allow-ops\",\"priority\":10,\"effect\":\"allow\",\"description\":\"ops\","
            + "\"subjects\":{\"usernames\":[\"carol\"],\"roles\":[\"user\"],\"account_types\":[\"human\"]},"
            + "\"resources\":{\"services\":[\"metacrypt\"],\"tags\":[\"env:prod\"],\"mounts\":[\"transit\"],"
            + "\"paths\":[\"keys/**\"]},\"actions\":[\"login\"]}";
    var created = client.post("/v1/policy/rules", ADMIN_TOKEN, json);
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.body()).isEqualTo(json);
    assertThat(client.get("/v1/policy/rules/allow-ops", ADMIN_TOKEN).body()).isEqualTo(json);
    assertThat(client.get("/v1/policy/rules", ADMIN_TOKEN).json().get("rules").toString())
        .contains(json);

    var replaced =
        client.put(
            "/v1/policy/rules/allow-ops", ADMIN_TOKEN, "{\"priority\":5,\"effect\":\"deny\"}");
    assertThat(replaced.status()).isEqualTo(200);
    assertThat(replaced.json().get("id").asText()).isEqualTo("allow-ops");
    assertThat(replaced.json().get("priority").asInt()).isEqualTo(5);
    assertThat(CORE.policy.rules.get("allow-ops").effect()).isEqualTo(Effect.DENY);

    var deleted = client.delete("/v1/policy/rules/allow-ops", ADMIN_TOKEN);
    assertThat(deleted.status()).isEqualTo(200);
    assertThat(deleted.body()).isEqualTo("{\"status\":\"ok\"}");
    assertThat(client.get("/v1/policy/rules/allow-ops", ADMIN_TOKEN).status()).isEqualTo(404);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{}",
        "{\"effect\":\"maybe\"}",
        "{\"effect\":\"allow\",\"priority\":\"high\"}",
        "{\"effect\":\"allow\",\"subjects\":{\"groups\":[]}}",
        "{\"effect\":\"allow\",\"subjects\":{\"usernames\":\"carol\"}}",
        "{\"effect\":\"allow\",\"id\":\"\"}"
      })
  void invalidRulesAreRefused(String body) {
    assertThat(client.post("/v1/policy/rules", ADMIN_TOKEN, body).status()).isEqualTo(400);
  }

  @Test
  void explainNamesTheDecidingRuleOrNone() {
    client.post(
        "/v1/policy/rules",
        ADMIN_TOKEN,
        "{\"id\":\"dave-ok\",\"effect\":\"allow\",\"subjects\":{\"usernames\":[\"dave\"]}}");
    var matched =
        client.post(
            "/v1/policy/explain",
            ADMIN_TOKEN,
            "{\"subject\":{\"username\":\"dave\",\"roles\":[\"user\"],\"account_type\":\"human\"},"
                + "\"resource\":{\"service\":\"metacrypt\",\"tags\":[\"a\"],\"mount\":\"m\",\"path\":\"p\"},"
                + "\"action\":\"login\"}");
    assertThat(matched.status()).isEqualTo(200);
    JsonNode body = matched.json();
    assertThat(fieldNames(body)).containsExactly("decision", "rule", "reason");
    assertThat(body.get("decision").asText()).isEqualTo("allow");
    assertThat(body.get("rule").get("id").asText()).isEqualTo("dave-ok");
    assertThat(body.get("reason").asText()).isEqualTo("matched rule dave-ok");
    var request = CORE.policy.lastExplain;
    assertThat(request.subject().roles()).containsExactly("user");
    assertThat(request.subject().accountType()).isEqualTo("human");
    assertThat(request.resource().service()).isEqualTo("metacrypt");
    assertThat(request.resource().tags()).containsExactly("a");
    assertThat(request.resource().mount()).isEqualTo("m");
    assertThat(request.resource().path()).isEqualTo("p");
    assertThat(request.action()).isEqualTo("login");

    var none =
        client.post("/v1/policy/explain", ADMIN_TOKEN, "{\"subject\":{\"username\":\"eve\"}}");
    assertThat(none.status()).isEqualTo(200);
    assertThat(none.body())
        .isEqualTo(
            "{\"decision\":\"deny\",\"rule\":null,\"reason\":\"no rule matched: default deny\"}");
  }

  @ParameterizedTest
  @CsvSource({
    "conflict, 409",
    "precondition, 412",
    "unavailable, 503",
    "limited, 429",
    "no-such-rule, 404",
    "broken, 500"
  })
  void coreRefusalsMapToTheirStatus(String id, int status) {
    var reply = client.get("/v1/policy/rules/" + id, ADMIN_TOKEN);
    assertThat(reply.status()).isEqualTo(status);
    assertThat(fieldNames(reply.json())).containsExactly("error");
    SecureJavalinTest.assertSecurityHeaders(reply);
    if (status == 500) {
      assertThat(reply.body()).isEqualTo("{\"error\":\"internal error\"}");
    }
    if (status == 429) {
      assertThat(reply.header("Retry-After")).isEqualTo("30");
    }
  }

  // --- audit --------------------------------------------------------------------------------

  @Test
  void queryTheAuditLog() {
    var reply =
        client.get(
            "/v1/audit?account="
                + USER_ID
                + "&type=login_success"
                + "&since=2026-01-01T00:00:00%2B02:00&limit=50",
            ADMIN_TOKEN);
    assertThat(reply.status()).isEqualTo(200);
    JsonNode event = reply.json().get("events").get(0);
    assertThat(fieldNames(event))
        .containsExactly("id", "time", "type", "actor", "subject", "source_address", "details");
    assertThat(event.get("id").asLong()).isEqualTo(7);
    assertThat(event.get("time").asText()).isEqualTo("2026-01-02T03:04:05Z");
    assertThat(event.get("source_address").asText()).isEqualTo("127.0.0.1");
    assertThat(event.get("details").toString()).isEqualTo("{\"service\":\"metacrypt\"}");
    var filter = CORE.audit.lastFilter;
    assertThat(filter.actorOrSubject()).isEqualTo(USER_ID.toString());
    assertThat(filter.type()).isEqualTo("login_success");
    assertThat(filter.since()).isEqualTo(Instant.parse("2025-12-31T22:00:00Z"));
    assertThat(filter.limit()).isEqualTo(50);

    assertThat(client.get("/v1/audit", ADMIN_TOKEN).status()).isEqualTo(200);
    assertThat(CORE.audit.lastFilter.since()).isNull();
    assertThat(CORE.audit.lastFilter.actorOrSubject()).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "since=yesterday",
        "since=2026-01-01",
        "since=2026-01-01T00:00:00",
        "limit=0",
        "limit=-1",
        "limit=ten",
        "limit=10001",
        "limit=99999999999"
      })
  void badAuditQueriesAre400(String query) {
    assertThat(client.get("/v1/audit?" + query, ADMIN_TOKEN).status()).isEqualTo(400);
  }

  // --- routing ------------------------------------------------------------------------------

  @Test
  void unknownRoutesAndMethodsAnswerJson() {
    var missing = client.get("/v1/nothing", null);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.body()).isEqualTo("{\"error\":\"not found\"}");
    SecureJavalinTest.assertSecurityHeaders(missing);
    var wrong = client.get("/v1/auth/login", null);
    assertThat(wrong.status()).isEqualTo(405);
    assertThat(wrong.body()).isEqualTo("{\"error\":\"method not allowed\"}");
  }

  // --- helpers ------------------------------------------------------------------------------

  private static UUID createSystemAccount(String name) {
    var reply =
        client.post(
            "/v1/accounts",
            ADMIN_TOKEN,
            "{\"username\":\"" + name + "\",\"account_type\":\"system\"}");
    assertThat(reply.status()).isEqualTo(201);
    return UUID.fromString(reply.json().get("id").asText());
  }

  private static void assertAccountShape(JsonNode account) {
    assertThat(fieldNames(account))
        .containsExactly(
            "id",
            "username",
            "account_type",
            "status",
            "roles",
            "totp_enabled",
            "created_at",
            "updated_at");
  }

  private static void assertRuleShape(JsonNode rule) {
    assertThat(fieldNames(rule))
        .containsExactly(
            "id", "priority", "effect", "description", "subjects", "resources", "actions");
  }

  static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }
}
