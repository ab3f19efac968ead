package dev.metacircular.rest;

import static dev.metacircular.rest.FakeCryptoPorts.ADMIN_ID;
import static dev.metacircular.rest.FakeCryptoPorts.ADMIN_TOKEN;
import static dev.metacircular.rest.FakeCryptoPorts.LOGIN_PASSWORD;
import static dev.metacircular.rest.FakeCryptoPorts.NEW_SEAL_PASSWORD;
import static dev.metacircular.rest.FakeCryptoPorts.SEAL_PASSWORD;
import static dev.metacircular.rest.FakeCryptoPorts.USER_TOKEN;
import static dev.metacircular.rest.FakeCryptoPorts.WRONG_SEAL_PASSWORD;
import static dev.metacircular.rest.IdentityRestServerTest.fieldNames;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metacircular.ports.engine.in.JsonTree;
import dev.metacircular.ports.policy.Effect;
import dev.metacircular.ports.seal.SealState;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/** Every crypto-service route on a real TLS server over fakes of the core's ports. */
class CryptoRestServerTest {
  private static final FakeCryptoPorts CORE = new FakeCryptoPorts();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();
  private static final List<String> SECRETS =
      List.of(SEAL_PASSWORD, NEW_SEAL_PASSWORD, WRONG_SEAL_PASSWORD, LOGIN_PASSWORD);

  /** Bodies that would be accepted by each route once it is reached. */
  private static final String RULE =
      "{\"effect\":\"allow\",\"resources\":{\"mounts\":[\"transit\"]}}";

  private static final String REKEY =
      "{\"old_password\":\"" + SEAL_PASSWORD + "\",\"new_password\":\"" + NEW_SEAL_PASSWORD + "\"}";

  private static CryptoRestServer server;
  private static TestClient client;

  @BeforeAll
  static void start() {
    LOGS.start();
    ((Logger) LoggerFactory.getLogger("dev.metacircular.rest")).addAppender(LOGS);
    CORE.reset();
    server = CryptoRestServer.start(CORE.api(), TestTls.settings());
    client = new TestClient(server.port());
  }

  @BeforeEach
  void unsealedWithNoHistory() {
    CORE.reset();
  }

  @AfterAll
  static void noResponseOrLogLineEverCarriedASecretOrAStackTrace() {
    server.close();
    ((Logger) LoggerFactory.getLogger("dev.metacircular.rest")).detachAppender(LOGS);
    assertThat(client.bodies).isNotEmpty();
    for (String body : client.bodies) {
      for (String secret : SECRETS) {
        assertThat(body).doesNotContain(secret);
      }
      assertThat(body)
          .doesNotContain("Exception")
          .doesNotContain("at dev.metacircular")
          .doesNotContain("/var/lib/secret");
      List<String> keys = new ArrayList<>();
      collectKeys(parse(body), keys);
      assertThat(keys).as(body).noneMatch(k -> k.contains("password"));
    }
    assertThat(LOGS.list).isNotEmpty();
    for (ILoggingEvent event : LOGS.list) {
      String text = event.getFormattedMessage() + throwableText(event.getThrowableProxy());
      for (String secret : SECRETS) {
        assertThat(text).doesNotContain(secret);
      }
    }
  }

  // --- routes -------------------------------------------------------------------------------

  /** Every route but status, health, init and unseal: behind the seal gate. */
  static Stream<Arguments> gatedRoutes() {
    return Stream.concat(
        Stream.of(
            Arguments.of(
                "POST",
                "/v1/auth/login",
                "{\"username\":\"alice\",\"password\":\"" + LOGIN_PASSWORD + "\"}"),
            Arguments.of("GET", "/v1/auth/tokeninfo", null),
            Arguments.of("POST", "/v1/auth/logout", null)),
        bearerRoutes());
  }

  /** The routes that need a bearer token and act as its caller. */
  static Stream<Arguments> bearerRoutes() {
    return Stream.of(
        Arguments.of("POST", "/v1/seal", null),
        Arguments.of("POST", "/v1/rekey", REKEY),
        Arguments.of("POST", "/v1/rotate", null),
        Arguments.of("GET", "/v1/key-status", null),
        Arguments.of("POST", "/v1/engine/mounts", "{\"name\":\"keys\",\"type\":\"transit\"}"),
        Arguments.of("GET", "/v1/engine/mounts", null),
        Arguments.of("DELETE", "/v1/engine/mounts/transit", null),
        Arguments.of(
            "POST",
            "/v1/engine/request",
            "{\"mount\":\"transit\",\"operation\":\"rotate\",\"data\":{}}"),
        Arguments.of("POST", "/v1/policy/rules", RULE),
        Arguments.of("GET", "/v1/policy/rules", null),
        Arguments.of("GET", "/v1/policy/rules/r1", null),
        Arguments.of("PUT", "/v1/policy/rules/r1", RULE),
        Arguments.of("DELETE", "/v1/policy/rules/r1", null),
        Arguments.of("POST", "/v1/policy/explain", "{\"action\":\"encrypt\"}"),
        Arguments.of("GET", "/v1/audit", null));
  }

  /** The admin-only routes (for a non-admin, the core says 403). */
  static Stream<Arguments> adminRoutes() {
    return bearerRoutes().filter(a -> !a.get()[1].equals("/v1/engine/request"));
  }

  private static TestClient.Reply call(String method, String path, String token, String body) {
    HttpRequest.BodyPublisher publisher =
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8);
    return client.send(client.builder(path, token).method(method, publisher));
  }

  // --- status and health --------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(SealState.class)
  void statusAndHealthAnswer200InEveryState(SealState state) {
    CORE.seal.state = state;
    var status = client.get("/v1/status", null);
    assertThat(status.status()).isEqualTo(200);
    assertThat(status.body()).isEqualTo("{\"state\":\"" + state.wireName() + "\"}");
    SecureJavalinTest.assertSecurityHeaders(status);
    var health = client.get("/v1/health", null);
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.body()).isEqualTo("{\"status\":\"ok\"}");
    assertThat(CORE.portCalls()).isZero();
  }

  @Test
  void theRunbookStatesAreTheWireNames() {
    CORE.seal.state = SealState.UNINITIALIZED;
    assertThat(client.get("/v1/status", null).body()).isEqualTo("{\"state\":\"uninitialized\"}");
    CORE.seal.state = SealState.INITIALIZING;
    assertThat(client.get("/v1/status", null).body()).isEqualTo("{\"state\":\"initializing\"}");
  }

  // --- the seal gate ------------------------------------------------------------------------

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("gatedRoutes")
  void aServiceThatIsNotUnsealedAnswersEveryProtectedCallBeforeAuthentication(
      String method, String path, String body) {
    Map<SealState, String> expected = new LinkedHashMap<>();
    expected.put(SealState.SEALED, "503 sealed");
    expected.put(SealState.INITIALIZING, "503 sealed");
    expected.put(SealState.UNINITIALIZED, "412 not initialized");
    for (Map.Entry<SealState, String> e : expected.entrySet()) {
      CORE.seal.state = e.getKey();
      int status = Integer.parseInt(e.getValue().substring(0, 3));
      String error = e.getValue().substring(4);
      for (String token : new String[] {ADMIN_TOKEN, null, "not-a-token"}) {
        var reply = call(method, path, token, body);
        String what = method + " " + path + " while " + e.getKey() + " with token " + token;
        assertThat(reply.status()).as(what).isEqualTo(status);
        assertThat(reply.body()).as(what).isEqualTo("{\"error\":\"" + error + "\"}");
        assertThat(reply.header("WWW-Authenticate")).as(what).isNull();
        SecureJavalinTest.assertSecurityHeaders(reply);
      }
    }
    assertThat(CORE.portCalls()).as("no port was called, not even authentication").isZero();
    assertThat(CORE.acl.rules).isEmpty();
  }

  @Test
  void theGateOpensOnceUnsealed() {
    CORE.seal.state = SealState.SEALED;
    assertThat(client.get("/v1/key-status", ADMIN_TOKEN).status()).isEqualTo(503);
    assertThat(client.post("/v1/unseal", null, "{\"password\":\"" + SEAL_PASSWORD + "\"}").status())
        .isEqualTo(200);
    assertThat(client.get("/v1/key-status", ADMIN_TOKEN).status()).isEqualTo(200);
  }

  // --- init and unseal ----------------------------------------------------------------------

  @Test
  void initLeavesTheServiceUnsealedAndWipesThePassword() {
    CORE.seal.state = SealState.UNINITIALIZED;
    var reply = client.post("/v1/init", null, "{\"password\":\"" + SEAL_PASSWORD + "\"}");
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body()).isEqualTo("{\"state\":\"unsealed\"}");
    SecureJavalinTest.assertSecurityHeaders(reply);
    assertThat(CORE.seal.state).isEqualTo(SealState.UNSEALED);
    assertThat(CORE.seal.password).isEqualTo(SEAL_PASSWORD.toCharArray());
    assertAllWiped(CORE.seal.received(), 1);
  }

  @Test
  void aSecondInitIs409() {
    var reply = client.post("/v1/init", null, "{\"password\":\"" + NEW_SEAL_PASSWORD + "\"}");
    assertThat(reply.status()).isEqualTo(409);
    assertThat(reply.body()).isEqualTo("{\"error\":\"already initialized\"}");
    assertThat(CORE.seal.password).isEqualTo(SEAL_PASSWORD.toCharArray());
    assertAllWiped(CORE.seal.received(), 1);
  }

  @Test
  void initWithAPasswordTheCoreRefusesIs400() {
    CORE.seal.state = SealState.UNINITIALIZED;
    var reply = client.post("/v1/init", null, "{\"password\":\"short\"}");
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.body()).isEqualTo("{\"error\":\"password must be 12-1024 characters\"}");
    assertThat(CORE.seal.state).isEqualTo(SealState.UNINITIALIZED);
    assertAllWiped(CORE.seal.received(), 1);
  }

  @Test
  void unsealOpensASealedServiceAndWipesThePassword() {
    CORE.seal.state = SealState.SEALED;
    var reply = client.post("/v1/unseal", null, "{\"password\":\"" + SEAL_PASSWORD + "\"}");
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body()).isEqualTo("{\"state\":\"unsealed\"}");
    assertThat(CORE.seal.state).isEqualTo(SealState.UNSEALED);
    assertThat(CORE.seal.lastUnsealAddress).isEqualTo("127.0.0.1");
    assertAllWiped(CORE.seal.received(), 1);
  }

  @Test
  void unsealingAnUnsealedServiceIsStill200() {
    var reply = client.post("/v1/unseal", null, "{\"password\":\"" + SEAL_PASSWORD + "\"}");
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body()).isEqualTo("{\"state\":\"unsealed\"}");
  }

  @Test
  void aWrongSealPasswordIs401InvalidPassword() {
    CORE.seal.state = SealState.SEALED;
    var reply = client.post("/v1/unseal", null, "{\"password\":\"" + WRONG_SEAL_PASSWORD + "\"}");
    assertThat(reply.status()).isEqualTo(401);
    assertThat(reply.body()).isEqualTo("{\"error\":\"invalid password\"}");
    assertThat(CORE.seal.state).isEqualTo(SealState.SEALED);
    assertAllWiped(CORE.seal.received(), 1);
  }

  @Test
  void unsealBeforeInitIs412NotInitialized() {
    CORE.seal.state = SealState.UNINITIALIZED;
    var reply = client.post("/v1/unseal", null, "{\"password\":\"" + SEAL_PASSWORD + "\"}");
    assertThat(reply.status()).isEqualTo(412);
    assertThat(reply.body()).isEqualTo("{\"error\":\"not initialized\"}");
    assertAllWiped(CORE.seal.received(), 1);
  }

  @Test
  void fiveFailedUnsealsLockOutEvenTheRightPasswordWithRetryAfter() {
    CORE.seal.state = SealState.SEALED;
    for (int i = 0; i < FakeCryptoPorts.MAX_FAILED_UNSEALS; i++) {
      var wrong = client.post("/v1/unseal", null, "{\"password\":\"" + WRONG_SEAL_PASSWORD + "\"}");
      assertThat(wrong.status()).isEqualTo(401);
    }
    var reply = client.post("/v1/unseal", null, "{\"password\":\"" + SEAL_PASSWORD + "\"}");
    assertThat(reply.status()).isEqualTo(429);
    assertThat(reply.body()).isEqualTo("{\"error\":\"too many attempts\"}");
    assertThat(reply.header("Retry-After")).isEqualTo("60");
    SecureJavalinTest.assertSecurityHeaders(reply);
    assertThat(CORE.seal.state).isEqualTo(SealState.SEALED);
    assertAllWiped(CORE.seal.received(), FakeCryptoPorts.MAX_FAILED_UNSEALS + 1);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "{}",
        "{\"password\":\"\"}",
        "{\"password\":null}",
        "{\"password\":12345678901234}",
        "{\"password\":{\"a\":1}}",
        "[\"x\"]",
        "\"" + SEAL_PASSWORD + "\"",
        "{\"password\":\"" + SEAL_PASSWORD + "\",\"threshold\":3}",
        "{\"password\":\"" + SEAL_PASSWORD + "\",\"password\":\"" + SEAL_PASSWORD + "\"}",
        "{\"password\":\"" + SEAL_PASSWORD + "\"",
        "{\"password\":\"" + SEAL_PASSWORD + "\"}}"
      })
  void badInitAndUnsealBodiesAre400WithoutReachingTheCore(String body) {
    CORE.seal.state = SealState.UNINITIALIZED;
    var init = client.post("/v1/init", null, body);
    assertThat(init.status()).as(body).isEqualTo(400);
    CORE.seal.state = SealState.SEALED;
    var unseal = client.post("/v1/unseal", null, body);
    assertThat(unseal.status()).as(body).isEqualTo(400);
    assertThat(unseal.json().get("error").asText()).isNotBlank();
    assertThat(CORE.seal.calls.get()).isZero();
  }

  @Test
  void anUnknownFieldNamesTheField() {
    var reply =
        client.post(
            "/v1/unseal", null, "{\"password\":\"" + SEAL_PASSWORD + "\",\"key_shares\":5}");
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.body()).isEqualTo("{\"error\":\"unknown field \\\"key_shares\\\"\"}");
  }

  @Test
  void aMissingPasswordSaysSo() {
    var reply = client.post("/v1/unseal", null, "{}");
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.body()).isEqualTo("{\"error\":\"password is required\"}");
  }

  // --- authentication and authorisation of protected routes ---------------------------------

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("bearerRoutes")
  void protectedRoutesAnswer401WithoutAValidBearer(String method, String path, String body) {
    for (String token : new String[] {null, "not-a-token"}) {
      var reply = call(method, path, token, body);
      assertThat(reply.status()).as(method + " " + path).isEqualTo(401);
      assertThat(reply.json().get("error").asText())
          .isEqualTo(token == null ? "missing token" : "invalid or expired token");
      assertThat(reply.header("WWW-Authenticate")).isEqualTo("Bearer");
    }
    var basic =
        client.send(
            client
                .builder(path, null)
                .header("Authorization", "Basic dXNlcjpwYXNz")
                .method(method, HttpRequest.BodyPublishers.noBody()));
    assertThat(basic.status()).isEqualTo(401);
    assertThat(CORE.seal.calls.get() + CORE.mounts.calls.get() + CORE.engines.calls.get()).isZero();
    assertThat(CORE.acl.rules).isEmpty();
    assertAllWiped(CORE.seal.received(), 0);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("adminRoutes")
  void nonAdminsAreForbiddenByTheCore(String method, String path, String body) {
    var reply = call(method, path, USER_TOKEN, body);
    assertThat(reply.status()).as(method + " " + path).isEqualTo(403);
    assertThat(reply.body()).isEqualTo("{\"error\":\"admin role required\"}");
    SecureJavalinTest.assertSecurityHeaders(reply);
    assertThat(CORE.seal.state).isEqualTo(SealState.UNSEALED);
    assertThat(CORE.seal.password).isEqualTo(SEAL_PASSWORD.toCharArray());
    assertAllWiped(CORE.seal.received(), path.equals("/v1/rekey") ? 2 : 0);
  }

  // --- admin seal calls ---------------------------------------------------------------------

  @Test
  void anAdminSealsTheServiceAndTheGateCloses() {
    var reply = client.post("/v1/seal", ADMIN_TOKEN, null);
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body()).isEqualTo("{\"state\":\"sealed\"}");
    assertThat(CORE.seal.state).isEqualTo(SealState.SEALED);
    assertThat(client.get("/v1/status", null).body()).isEqualTo("{\"state\":\"sealed\"}");
    var after = client.post("/v1/seal", ADMIN_TOKEN, null);
    assertThat(after.status()).isEqualTo(503);
    assertThat(after.body()).isEqualTo("{\"error\":\"sealed\"}");
  }

  @Test
  void rekeyChangesThePasswordAndWipesBoth() {
    var reply = client.post("/v1/rekey", ADMIN_TOKEN, REKEY);
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body()).isEqualTo("{\"status\":\"ok\"}");
    assertThat(CORE.seal.password).isEqualTo(NEW_SEAL_PASSWORD.toCharArray());
    assertAllWiped(CORE.seal.received(), 2);
  }

  @Test
  void rekeyWithAWrongOldPasswordIs401() {
    var reply =
        client.post(
            "/v1/rekey",
            ADMIN_TOKEN,
            "{\"old_password\":\""
                + WRONG_SEAL_PASSWORD
                + "\",\"new_password\":\""
                + NEW_SEAL_PASSWORD
                + "\"}");
    assertThat(reply.status()).isEqualTo(401);
    assertThat(reply.body()).isEqualTo("{\"error\":\"invalid password\"}");
    assertThat(CORE.seal.password).isEqualTo(SEAL_PASSWORD.toCharArray());
    assertAllWiped(CORE.seal.received(), 2);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "{\"old_password\":\"" + SEAL_PASSWORD + "\"} | new_password is required",
        "{\"new_password\":\"" + NEW_SEAL_PASSWORD + "\"} | old_password is required",
        "{\"password\":\"" + NEW_SEAL_PASSWORD + "\"} | unknown field \"password\"",
        "`` | request body is required"
      })
  void badRekeyBodiesAre400(String body, String error) {
    var reply = client.post("/v1/rekey", ADMIN_TOKEN, body);
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().get("error").asText()).isEqualTo(error);
    assertThat(CORE.seal.calls.get()).isZero();
  }

  @Test
  void rotateAndKeyStatusAnswerTheRotationView() {
    var before = client.get("/v1/key-status", ADMIN_TOKEN);
    assertThat(before.status()).isEqualTo(200);
    assertThat(fieldNames(before.json()))
        .containsExactly("active_version", "versions", "entries_pending", "in_progress");
    assertThat(before.body())
        .isEqualTo(
            "{\"active_version\":1,\"versions\":[1],\"entries_pending\":0,\"in_progress\":false}");
    var rotated = client.post("/v1/rotate", ADMIN_TOKEN, null);
    assertThat(rotated.status()).isEqualTo(200);
    assertThat(rotated.body())
        .isEqualTo(
            "{\"active_version\":2,\"versions\":[1,2],\"entries_pending\":42,\"in_progress\":true}");
    assertThat(client.get("/v1/key-status", ADMIN_TOKEN).body()).isEqualTo(rotated.body());
  }

  // --- login, token info, logout ------------------------------------------------------------

  @Test
  void loginForwardsAndWipesThePassword() {
    var reply =
        client.post(
            "/v1/auth/login",
            null,
            "{\"username\":\"alice\",\"password\":\""
                + LOGIN_PASSWORD
                + "\",\"totp_code\":\"123456\"}");
    assertThat(reply.status()).isEqualTo(200);
    assertThat(fieldNames(reply.json())).containsExactly("token", "expires_at");
    assertThat(reply.json().get("token").asText()).isEqualTo(USER_TOKEN);
    assertThat(reply.json().get("expires_at").asText()).isEqualTo("2026-01-02T04:04:05Z");
    assertThat(CORE.auth.lastUsername).isEqualTo("alice");
    assertThat(CORE.auth.lastTotpCode).isEqualTo("123456");
    assertThat(CORE.auth.lastAddress).isEqualTo("127.0.0.1");
    assertThat(CORE.auth.lastPassword).hasSize(LOGIN_PASSWORD.length()).containsOnly('\0');
  }

  @Test
  void loginWithoutTotpPassesNull() {
    var reply =
        client.post(
            "/v1/auth/login",
            null,
            "{\"username\":\"alice\",\"password\":\"" + LOGIN_PASSWORD + "\"}");
    assertThat(reply.status()).isEqualTo(200);
    assertThat(CORE.auth.lastTotpCode).isNull();
  }

  @Test
  void aFailedLoginIs401AndWiped() {
    var reply =
        client.post(
            "/v1/auth/login",
            null,
            "{\"username\":\"alice\",\"password\":\"" + WRONG_SEAL_PASSWORD + "\"}");
    assertThat(reply.status()).isEqualTo(401);
    assertThat(reply.body()).isEqualTo("{\"error\":\"invalid credentials\"}");
    assertThat(CORE.auth.lastPassword).containsOnly('\0');
  }

  @Test
  void aRateLimitedLoginSaysWhenToRetry() {
    var reply = client.post("/v1/auth/login", null, "{\"username\":\"locked\",\"password\":\"x\"}");
    assertThat(reply.status()).isEqualTo(429);
    assertThat(reply.header("Retry-After")).isEqualTo("2");
    assertThat(reply.body()).isEqualTo("{\"error\":\"too many attempts\"}");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"username\":\"alice\"}",
        "{\"password\":\"x\"}",
        "{\"username\":\"\",\"password\":\"x\"}",
        "{\"username\":\"alice\",\"password\":\"x\",\"service_name\":\"metacrypt\"}",
        "{\"username\":\"alice\",\"password\":\"x\",\"totp_code\":123456}",
        "{\"username\":\"alice\",\"password\":\"x\"",
        ""
      })
  void badLoginBodiesAre400(String body) {
    assertThat(client.post("/v1/auth/login", null, body).status()).as(body).isEqualTo(400);
    assertThat(CORE.auth.calls.get()).isZero();
  }

  @Test
  void tokenInfoAnswersTheVerifiedClaims() {
    var admin = client.get("/v1/auth/tokeninfo", ADMIN_TOKEN);
    assertThat(admin.status()).isEqualTo(200);
    JsonNode body = admin.json();
    assertThat(fieldNames(body))
        .containsExactly("sub", "username", "roles", "account_type", "expires_at", "is_admin");
    assertThat(body.get("sub").asText()).isEqualTo(ADMIN_ID.toString());
    assertThat(body.get("username").asText()).isEqualTo("root");
    assertThat(body.get("roles").toString()).isEqualTo("[\"admin\",\"user\"]");
    assertThat(body.get("account_type").asText()).isEqualTo("human");
    assertThat(body.get("expires_at").asText()).isEqualTo("2026-01-02T04:04:05Z");
    assertThat(body.get("is_admin").isBoolean()).isTrue();
    assertThat(body.get("is_admin").asBoolean()).isTrue();

    JsonNode user = client.get("/v1/auth/tokeninfo", USER_TOKEN).json();
    assertThat(user.get("roles").toString()).isEqualTo("[\"user\"]");
    assertThat(user.get("is_admin").asBoolean()).isFalse();
  }

  @Test
  void tokenInfoAndLogoutNeedAToken() {
    for (String path : new String[] {"/v1/auth/tokeninfo", "/v1/auth/logout"}) {
      String method = path.endsWith("logout") ? "POST" : "GET";
      var missing = call(method, path, null, null);
      assertThat(missing.status()).isEqualTo(401);
      assertThat(missing.body()).isEqualTo("{\"error\":\"missing token\"}");
      assertThat(missing.header("WWW-Authenticate")).isEqualTo("Bearer");
      var invalid = call(method, path, "garbage", null);
      assertThat(invalid.status()).isEqualTo(401);
      assertThat(invalid.body()).isEqualTo("{\"error\":\"invalid or expired token\"}");
    }
  }

  @Test
  void logoutRevokesThePresentedToken() {
    var reply = client.post("/v1/auth/logout", USER_TOKEN, null);
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body()).isEqualTo("{\"status\":\"ok\"}");
    assertThat(CORE.auth.loggedOut).containsExactly(USER_TOKEN + "@127.0.0.1");
  }

  // --- mounts -------------------------------------------------------------------------------

  @Test
  void mountAnEngineWithANestedConfig() throws IOException {
    String config =
        "{\"rotation\":{\"days\":30,\"auto\":true},\"tags\":[\"a\",1,2.5,null],\"big\":5000000000}";
    var reply =
        client.post(
            "/v1/engine/mounts",
            ADMIN_TOKEN,
            "{\"name\":\"keys\",\"type\":\"transit\",\"config\":" + config + "}");
    assertThat(reply.status()).isEqualTo(201);
    assertThat(fieldNames(reply.json())).containsExactly("name", "type", "config");
    assertThat(reply.json().get("name").asText()).isEqualTo("keys");
    assertThat(reply.json().get("type").asText()).isEqualTo("transit");
    assertThat(reply.json().get("config")).isEqualTo(JSON.readTree(config));
    Map<String, Object> given = CORE.mounts.lastConfig;
    assertThat(given.get("rotation")).isEqualTo(Map.of("days", 30, "auto", true));
    assertThat(given.get("tags")).isEqualTo(Arrays.asList("a", 1, 2.5, null));
    assertThat(given.get("big")).isEqualTo(5_000_000_000L);
  }

  @Test
  void aMountWithoutConfigGetsAnEmptyOne() {
    var reply =
        client.post("/v1/engine/mounts", ADMIN_TOKEN, "{\"name\":\"keys\",\"type\":\"pki\"}");
    assertThat(reply.status()).isEqualTo(201);
    assertThat(reply.body()).isEqualTo("{\"name\":\"keys\",\"type\":\"pki\",\"config\":{}}");
    assertThat(CORE.mounts.lastConfig).isEmpty();
  }

  @Test
  void listAndUnmount() {
    client.post("/v1/engine/mounts", ADMIN_TOKEN, "{\"name\":\"keys\",\"type\":\"pki\"}");
    var list = client.get("/v1/engine/mounts", ADMIN_TOKEN);
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.body())
        .isEqualTo(
            "{\"mounts\":[{\"name\":\"transit\",\"type\":\"transit\",\"config\":{}},"
                + "{\"name\":\"keys\",\"type\":\"pki\",\"config\":{}}]}");
    var deleted = client.delete("/v1/engine/mounts/keys", ADMIN_TOKEN);
    assertThat(deleted.status()).isEqualTo(200);
    assertThat(deleted.body()).isEqualTo("{\"status\":\"ok\"}");
    assertThat(CORE.mounts.byName).containsOnlyKeys("transit");
    var again = client.delete("/v1/engine/mounts/keys", ADMIN_TOKEN);
    assertThat(again.status()).isEqualTo(404);
    assertThat(again.body()).isEqualTo("{\"error\":\"mount not found\"}");
  }

  @Test
  void coreRefusalsOfAMountMapToTheirStatus() {
    var taken =
        client.post(
            "/v1/engine/mounts", ADMIN_TOKEN, "{\"name\":\"transit\",\"type\":\"transit\"}");
    assertThat(taken.status()).isEqualTo(409);
    assertThat(taken.body()).isEqualTo("{\"error\":\"mount already exists\"}");
    var unknownType =
        client.post("/v1/engine/mounts", ADMIN_TOKEN, "{\"name\":\"x\",\"type\":\"kv\"}");
    assertThat(unknownType.status()).isEqualTo(400);
    assertThat(unknownType.body()).isEqualTo("{\"error\":\"unknown engine type\"}");
    var badName =
        client.post("/v1/engine/mounts", ADMIN_TOKEN, "{\"name\":\"Bad/Name\",\"type\":\"pki\"}");
    assertThat(badName.status()).isEqualTo(400);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"name\":\"keys\",\"type\":\"transit\",\"config\":[1]}",
        "{\"name\":\"keys\",\"type\":\"transit\",\"config\":\"x\"}",
        "{\"name\":\"keys\",\"type\":\"transit\",\"config\":{\"n\":1e400}}",
        "{\"name\":\"keys\",\"type\":\"transit\",\"seal_wrap\":true}",
        "{\"name\":\"keys\",\"type\":\"transit\",\"config\":{\"a\":1,\"a\":2}}",
        "{\"name\":7,\"type\":\"transit\"}",
        "{\"name\":\"keys\""
      })
  void badMountBodiesAre400(String body) {
    assertThat(client.post("/v1/engine/mounts", ADMIN_TOKEN, body).status())
        .as(body)
        .isEqualTo(400);
    assertThat(CORE.mounts.calls.get()).isZero();
  }

  // --- engine requests ----------------------------------------------------------------------

  @Test
  void anEngineRequestsDataBecomesTheOperationsRecordAndTheAnswerIsWrappedInData()
      throws IOException {
    String data =
        "{\"plaintext\":\"aGVsbG8=\",\"count\":7,\"flag\":true,"
            + "\"unicode\":\"\\u00e9\\ud83d\\ude00\",\"items\":[{\"plaintext\":\"aGk=\"},"
            + "{\"plaintext\":\"%%%\"},{\"plaintext\":\"aGk=\",\"extra\":1},{}]}";
    var reply =
        client.post(
            "/v1/engine/request",
            ADMIN_TOKEN,
            "{\"mount\":\"transit\",\"operation\":\"encrypt\",\"data\":" + data + "}");
    assertThat(reply.status()).isEqualTo(200);
    JsonNode body = reply.json();
    assertThat(fieldNames(body)).containsExactly("data");
    // Components in order, snake_case, the text value as its text, the null "note" left out.
    assertThat(fieldNames(body.get("data")))
        .containsExactly("mount", "operation", "ciphertext", "count", "flag", "unicode", "items");
    assertThat(body.get("data").get("ciphertext").asText()).isEqualTo("metacrypt:v1:AAAA");
    assertThat(body.get("data").get("count").asInt()).isEqualTo(7);
    assertThat(body.get("data").get("flag").asBoolean()).isTrue();
    assertThat(body.get("data").get("unicode").asText()).isEqualTo("\u00e9\ud83d\ude00");
    // One bad batch item answers for itself; the batch goes on.
    assertThat(body.get("data").get("items").toString())
        .isEqualTo(
            "[\"2 bytes\",\"plaintext must be canonical padded base64\","
                + "\"unknown field extra\",\"plaintext is required\"]");

    assertThat(CORE.engines.lastMount).isEqualTo("transit");
    assertThat(CORE.engines.lastOperation).isEqualTo("encrypt");
    assertThat(CORE.engines.last.count()).isEqualTo(7);
    // The decoded plaintext reached the operation, and was wiped once it had run.
    assertThat(CORE.engines.last.plaintext()).hasSize(5).containsOnly(0);
    assertThat(CORE.engines.lastCaller.name()).isEqualTo("root");
    assertThat(CORE.engines.lastCaller.sourceAddress()).isEqualTo("127.0.0.1");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "{\"plaintext\":\"aGk=\",\"count\":\"7\"} | count must be a whole number",
        "{\"plaintext\":\"aGk=\",\"count\":3.5} | count must be a whole number",
        "{\"plaintext\":\"aGk=\",\"count\":99999999999} | count is out of range",
        "{\"plaintext\":\"aGk=\",\"flag\":\"yes\"} | flag must be true or false",
        "{\"plaintext\":\"aGk=\",\"unicode\":5} | unicode must be a string",
        "{\"plaintext\":\"aGk=\",\"items\":5} | items must be an array",
        "{\"plaintext\":\"aGk=\",\"items\":[5]} | items must hold objects",
        "{\"plaintext\":\"aGk=\",\"zz\":1} | unknown field zz",
        "{\"plaintext\":\"aGVsbG8\"} | plaintext must be canonical padded base64",
        "{\"plaintext\":\"aGVsbG9=\"} | plaintext must be canonical padded base64",
        "{\"plaintext\":5} | plaintext must be a string",
        "{\"plaintext\":null} | plaintext is required",
        "{} | plaintext is required"
      })
  void dataThatDoesNotMakeTheOperationsRecordIs400NamingTheField(String data, String error) {
    var reply =
        client.post(
            "/v1/engine/request",
            ADMIN_TOKEN,
            "{\"mount\":\"transit\",\"operation\":\"encrypt\",\"data\":" + data + "}");
    assertThat(reply.status()).as(data).isEqualTo(400);
    assertThat(reply.json().get("error").asText()).as(data).isEqualTo(error);
  }

  @Test
  void dataMayBeOmitted() {
    var reply =
        client.post(
            "/v1/engine/request", ADMIN_TOKEN, "{\"mount\":\"transit\",\"operation\":\"rotate\"}");
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().get("data").toString())
        .isEqualTo("{\"mount\":\"transit\",\"operation\":\"rotate\"}");
    assertThat(CORE.engines.lastOperation).isEqualTo("rotate");
  }

  @Test
  void theAclIsTheCoresDecision() {
    var allowed =
        client.post(
            "/v1/engine/request",
            USER_TOKEN,
            "{\"mount\":\"transit\",\"operation\":\"encrypt\",\"data\":{\"plaintext\":\"aGk=\"}}");
    assertThat(allowed.status()).isEqualTo(200);
    var denied =
        client.post(
            "/v1/engine/request",
            USER_TOKEN,
            "{\"mount\":\"transit\",\"operation\":\"decrypt\",\"data\":{\"ciphertext\":\"x\"}}");
    assertThat(denied.status()).isEqualTo(403);
    assertThat(denied.body()).isEqualTo("{\"error\":\"permission denied\"}");
    assertThat(CORE.engines.lastCaller.name()).isEqualTo("alice");
  }

  @Test
  void coreRefusalsAndFailuresOfAnEngineRequest() {
    var missing =
        client.post(
            "/v1/engine/request", ADMIN_TOKEN, "{\"mount\":\"missing\",\"operation\":\"x\"}");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.body()).isEqualTo("{\"error\":\"mount not found\"}");
    var broken =
        client.post(
            "/v1/engine/request", ADMIN_TOKEN, "{\"mount\":\"broken\",\"operation\":\"x\"}");
    assertThat(broken.status()).isEqualTo(500);
    assertThat(broken.body()).isEqualTo("{\"error\":\"internal error\"}");
    SecureJavalinTest.assertSecurityHeaders(broken);
  }

  @Test
  void dataNestedDeeperThanTheEngineBoundIsRefusedAndTheBoundItselfIsAccepted() {
    var atBound =
        client.post("/v1/engine/request", ADMIN_TOKEN, engineRequestWithDepth(JsonTree.MAX_DEPTH));
    assertThat(atBound.status()).isEqualTo(200);
    var beyond =
        client.post(
            "/v1/engine/request", ADMIN_TOKEN, engineRequestWithDepth(JsonTree.MAX_DEPTH + 1));
    assertThat(beyond.status()).isEqualTo(400);
    assertThat(beyond.body())
        .isEqualTo("{\"error\":\"data is nested deeper than " + JsonTree.MAX_DEPTH + "\"}");
  }

  @Test
  void jacksonsNestingBoundStillAppliesToFreeFormData() {
    var reply = client.post("/v1/engine/request", ADMIN_TOKEN, engineRequestWithDepth(200));
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.body()).isEqualTo("{\"error\":\"JSON nesting or size limit exceeded\"}");
    String arrays = "[".repeat(100) + "]".repeat(100);
    var deepArray =
        client.post(
            "/v1/engine/request",
            ADMIN_TOKEN,
            "{\"mount\":\"transit\",\"operation\":\"x\",\"data\":{\"a\":" + arrays + "}}");
    assertThat(deepArray.status()).isEqualTo(400);
    assertThat(CORE.engines.calls.get()).isZero();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "{\"mount\":\"transit\",\"operation\":\"x\",\"data\":{},\"extra\":1} | unknown field \"extra\"",
        "{\"mount\":\"transit\",\"operation\":\"x\",\"data\":[1]} | invalid value for field \"data\"",
        "{\"mount\":\"transit\",\"operation\":\"x\",\"data\":\"text\"} | invalid value for field \"data\"",
        "{\"mount\":\"transit\",\"operation\":\"x\",\"data\":5} | invalid value for field \"data\"",
        "{\"mount\":\"transit\",\"operation\":\"x\",\"data\":{\"n\":1e400}} | a number in data is out of range",
        "{\"mount\":\"transit\",\"operation\":\"x\",\"data\":{\"n\":[-1e999]}} | a number in data is out of range",
        "{\"mount\":\"transit\",\"operation\":\"x\",\"data\":{\"n\":NaN}} | malformed JSON",
        "{\"mount\":\"transit\",\"operation\":\"x\",\"data\":{\"n\":1234567890123456789012345678901234567890}} | JSON nesting or size limit exceeded",
        "{\"mount\":\"transit\",\"operation\":\"x\",\"data\":{\"k\":1,\"k\":2}} | duplicate field in JSON object",
        "{\"mount\":\"transit\",\"operation\":\"x\",\"data\":{'k':1}} | malformed JSON",
        "{\"mount\":\"transit\",\"operation\":\"x\",\"data\":{}} trailing | malformed JSON",
        "{\"mount\":\"transit\",\"operation\":\"x\",\"data\":{} | malformed JSON",
        "{\"operation\":\"x\"} | mount name is required",
        "{\"mount\":\"Transit!\",\"operation\":\"x\"} | mount name must be 1-63 characters of a-z, 0-9, '-' and '_', starting with a letter or digit",
        "{\"mount\":\"transit\"} | operation is required",
        "{\"mount\":\"transit\",\"operation\":7} | invalid value for field \"operation\"",
        "`` | request body is required"
      })
  void badEngineRequestsAre400(String body, String error) {
    var reply = client.post("/v1/engine/request", ADMIN_TOKEN, body);
    assertThat(reply.status()).as(body).isEqualTo(400);
    assertThat(reply.json().get("error").asText()).as(body).isEqualTo(error);
    assertThat(CORE.engines.calls.get()).isZero();
  }

  @Test
  void anOversizedEngineRequestIs413() {
    String big =
        "{\"mount\":\"transit\",\"operation\":\"encrypt\",\"data\":{\"plaintext\":\""
            + "A".repeat(70_000)
            + "\"}}";
    var declared = client.post("/v1/engine/request", ADMIN_TOKEN, big);
    assertThat(declared.status()).isEqualTo(413);
    assertThat(declared.body()).isEqualTo("{\"error\":\"request body too large\"}");
    SecureJavalinTest.assertSecurityHeaders(declared);
    var chunked =
        client.postChunked("/v1/engine/request", ADMIN_TOKEN, big.getBytes(StandardCharsets.UTF_8));
    assertThat(chunked.status()).isEqualTo(413);
    assertThat(chunked.body()).isEqualTo("{\"error\":\"request body too large\"}");
    var unseal = client.post("/v1/unseal", null, "{\"password\":\"" + "p".repeat(70_000) + "\"}");
    assertThat(unseal.status()).isEqualTo(413);
    assertThat(CORE.engines.calls.get() + CORE.seal.calls.get()).isZero();
  }

  @Test
  void malformedJsonIs400WithoutQuotingTheBody() {
    var reply = client.post("/v1/unseal", null, "{\"password\":\"" + SEAL_PASSWORD + "\" oops}");
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.body()).isEqualTo("{\"error\":\"malformed JSON\"}");
    var engine = client.post("/v1/engine/request", ADMIN_TOKEN, "{\"mount\":");
    assertThat(engine.status()).isEqualTo(400);
    assertThat(engine.body()).isEqualTo("{\"error\":\"malformed JSON\"}");
  }

  // --- ACL policy ---------------------------------------------------------------------------

  @Test
  void aclRulesUseTheSharedRuleForm() {
    String json =
        "{\"id\":\"ops-encrypt\",\"priority\":10,\"effect\":\"allow\",\"description\":\"ops\","
            + "\"subjects\":{\"usernames\":[],\"roles\":[\"user\"],\"account_types\":[\"human\"]},"
            + "\"resources\":{\"services\":[],\"tags\":[],\"mounts\":[\"transit\"],\"paths\":[]},"
            + "\"actions\":[\"encrypt\",\"decrypt\"]}";
    var created = client.post("/v1/policy/rules", ADMIN_TOKEN, json);
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.body()).isEqualTo(json);
    assertThat(client.get("/v1/policy/rules/ops-encrypt", ADMIN_TOKEN).body()).isEqualTo(json);
    assertThat(client.get("/v1/policy/rules", ADMIN_TOKEN).body())
        .isEqualTo("{\"rules\":[" + json + "]}");

    var replaced =
        client.put(
            "/v1/policy/rules/ops-encrypt", ADMIN_TOKEN, "{\"priority\":5,\"effect\":\"deny\"}");
    assertThat(replaced.status()).isEqualTo(200);
    assertThat(replaced.json().get("id").asText()).isEqualTo("ops-encrypt");
    assertThat(CORE.acl.rules.get("ops-encrypt").effect()).isEqualTo(Effect.DENY);

    var explained =
        client.post(
            "/v1/policy/explain",
            ADMIN_TOKEN,
            "{\"subject\":{\"username\":\"alice\",\"roles\":[\"user\"],\"account_type\":\"human\"},"
                + "\"resource\":{\"service\":\"metacrypt\",\"mount\":\"transit\"},\"action\":\"decrypt\"}");
    assertThat(explained.status()).isEqualTo(200);
    assertThat(fieldNames(explained.json())).containsExactly("decision", "rule", "reason");
    assertThat(CORE.acl.lastExplain.resource().mount()).isEqualTo("transit");
    assertThat(CORE.acl.lastExplain.action()).isEqualTo("decrypt");

    var deleted = client.delete("/v1/policy/rules/ops-encrypt", ADMIN_TOKEN);
    assertThat(deleted.status()).isEqualTo(200);
    assertThat(deleted.body()).isEqualTo("{\"status\":\"ok\"}");
    assertThat(client.get("/v1/policy/rules/ops-encrypt", ADMIN_TOKEN).status()).isEqualTo(404);
    assertThat(
            client.post("/v1/policy/rules", ADMIN_TOKEN, "{\"effect\":\"allow\",\"x\":1}").status())
        .isEqualTo(400);
  }

  @Test
  void theAuditLogIsReadableByAdminsWithFilters() {
    var events = client.get("/v1/audit?type=unseal_failure&limit=5", ADMIN_TOKEN);
    assertThat(events.status()).as(events.body()).isEqualTo(200);
    assertThat(events.body()).contains("\"type\":\"login_success\"");
    assertThat(CORE.audit.lastFilter.type()).isEqualTo("unseal_failure");
    assertThat(client.get("/v1/audit", USER_TOKEN).status()).isEqualTo(403);
  }

  // --- routing ------------------------------------------------------------------------------

  @Test
  void unknownRoutesAndMethodsAnswerJson() {
    var missing = client.get("/v1/sys/seal-status", null);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.body()).isEqualTo("{\"error\":\"not found\"}");
    SecureJavalinTest.assertSecurityHeaders(missing);
    var wrong = client.get("/v1/unseal", null);
    assertThat(wrong.status()).isEqualTo(405);
    assertThat(wrong.body()).isEqualTo("{\"error\":\"method not allowed\"}");
    var noStateChangeThroughGet = client.get("/v1/seal", ADMIN_TOKEN);
    assertThat(noStateChangeThroughGet.status()).isEqualTo(405);
    assertThat(CORE.seal.state).isEqualTo(SealState.UNSEALED);
  }

  // --- helpers ------------------------------------------------------------------------------

  /** An engine request whose data has {@code depth} nested objects (data itself is depth 1). */
  private static String engineRequestWithDepth(int depth) {
    String data = "{\"a\":".repeat(depth - 1) + "{}" + "}".repeat(depth - 1);
    return "{\"mount\":\"transit\",\"operation\":\"x\",\"data\":" + data + "}";
  }

  /** Exactly {@code count} password arrays reached the core, and every one was wiped. */
  private static void assertAllWiped(List<char[]> received, int count) {
    assertThat(received).hasSize(count);
    for (char[] secret : received) {
      assertThat(secret).isNotEmpty().containsOnly('\0');
    }
  }

  private static String throwableText(IThrowableProxy proxy) {
    StringBuilder text = new StringBuilder();
    for (IThrowableProxy t = proxy; t != null; t = t.getCause()) {
      text.append(' ').append(t.getClassName()).append(": ").append(t.getMessage());
    }
    return text.toString();
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
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
}
