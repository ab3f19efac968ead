package dev.metacircular.apps.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metacircular.ports.audit.IdentityAuditTypes;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.TokenValidation;
import dev.metacircular.ports.webauthn.SoftwareAuthenticator;
import dev.metacircular.rest.client.RestSsoLogin;
import dev.metacircular.rest.client.SsoClientSettings;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SSO and passkeys through the real identity server (SQLite, TLS, REST), with the crypto service's
 * real SSO client adapter doing the code exchange.
 */
class SsoAndPasskeyEndToEndTest {

  static final String CALLBACK = "https://localhost:9444/sso/callback";

  @TempDir Path dir;
  TestServer server;
  String admin;

  @BeforeEach
  void start() {
    server = TestServer.start(dir);
    server.createAccount("root", AccountType.HUMAN, Role.ADMIN);
    server.createAccount("alice", AccountType.HUMAN, Role.USER);
    admin = server.login("root");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  String registerClient() {
    TestServer.Reply r =
        server.post(
            "/v1/sso/clients",
            admin,
            "{\"client_id\":\"metacrypt\",\"service_name\":\"metacrypt\","
                + "\"redirect_uris\":[\""
                + CALLBACK
                + "\"]}");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    assertThat(r.json().get("redirect_uris").get(0).asText()).isEqualTo(CALLBACK);
    return r.json().get("client_secret").asText();
  }

  RestSsoLogin client(String secret) {
    return new RestSsoLogin(
        SsoClientSettings.of(
            server.base,
            server.base,
            dir.resolve("tls.crt"),
            "metacrypt",
            secret.toCharArray(),
            URI.create(CALLBACK)));
  }

  JsonNode authorize(String token, String challenge) {
    TestServer.Reply r =
        server.post(
            "/v1/sso/authorize",
            token,
            "{\"client_id\":\"metacrypt\",\"redirect_uri\":\""
                + CALLBACK
                + "\",\"state\":\"xyz\""
                + (challenge == null
                    ? ""
                    : ",\"code_challenge\":\""
                        + challenge
                        + "\",\"code_challenge_method\":\"S256\"")
                + "}");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  static String s256(String verifier) throws Exception {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(
            java.security.MessageDigest.getInstance("SHA-256")
                .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void theCryptoServicesSsoClientExchangesACodeOnceForATokenOfItsOwn() throws Exception {
    RestSsoLogin sso = client(registerClient());
    String verifier = "x".repeat(43);
    JsonNode grant = authorize(server.login("alice"), s256(verifier));
    assertThat(grant.get("location").asText())
        .startsWith(CALLBACK + "?code=")
        .endsWith("&state=xyz");
    URI browser = sso.authorizationUrl("st", s256(verifier));
    assertThat(browser.toString())
        .startsWith(
            server.base
                + "/sso/authorize?response_type=code"
                + "&client_id=metacrypt&redirect_uri=https%3A%2F%2Flocalhost%3A9444%2Fsso%2Fcallback");

    IssuedToken token = sso.exchange(grant.get("code").asText(), verifier);

    TokenValidation.Valid valid =
        (TokenValidation.Valid) server.server.core().tokens().validate(token.token());
    assertThat(valid.claims().username()).isEqualTo("alice");
    assertThat(valid.claims().audience()).isEqualTo("metacrypt");
    assertThat(valid.claims().jti()).isEqualTo(token.jti());
    assertThatThrownBy(() -> sso.exchange(grant.get("code").asText(), verifier))
        .isInstanceOf(DomainException.Unauthenticated.class)
        .hasMessage("sso login failed");
    // The replay revoked the first token.
    assertThat(server.server.core().tokens().validate(token.token()).valid()).isFalse();
  }

  @Test
  void aClientWithAWrongSecretIsAConfigurationErrorNotALoginFailure() {
    registerClient();
    JsonNode grant = authorize(server.login("alice"), null);
    assertThatThrownBy(() -> client("not-the-secret").exchange(grant.get("code").asText(), null))
        .isInstanceOf(DomainException.Unavailable.class);
  }

  @Test
  void theTokenEndpointSpeaksOAuth() {
    String secret = registerClient();
    String code = authorize(server.login("alice"), null).get("code").asText();
    String form =
        "grant_type=authorization_code&code="
            + code
            + "&redirect_uri="
            + java.net.URLEncoder.encode(CALLBACK, StandardCharsets.UTF_8);

    TestServer.Reply wrong =
        server.send(
            "POST",
            "/v1/sso/token",
            null,
            (form + "&client_id=metacrypt&client_secret=nope").getBytes(StandardCharsets.US_ASCII),
            "application/x-www-form-urlencoded");
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.json().get("error").asText()).isEqualTo("invalid_client");
    assertThat(wrong.header("WWW-Authenticate")).startsWith("Basic");

    TestServer.Reply twice =
        server.send(
            "POST",
            "/v1/sso/token",
            null,
            (form + "&code=again").getBytes(StandardCharsets.US_ASCII),
            "application/x-www-form-urlencoded");
    assertThat(twice.status()).isEqualTo(400);

    TestServer.Reply badUri =
        server.send(
            "POST",
            "/v1/sso/token",
            null,
            ("grant_type=authorization_code&code="
                    + code
                    + "&redirect_uri=https%3A%2F%2Fevil.example%2Fcb&client_id=metacrypt&client_secret="
                    + secret)
                .getBytes(StandardCharsets.US_ASCII),
            "application/x-www-form-urlencoded");
    assertThat(badUri.status()).isEqualTo(400);
    assertThat(badUri.json().get("error").asText()).isEqualTo("invalid_grant");
    assertThat(badUri.json().get("error_description").asText())
        .isEqualTo("redirect_uri does not match the authorization request");

    // JSON body, client_secret_basic.
    String basic =
        Base64.getEncoder()
            .encodeToString(("metacrypt:" + secret).getBytes(StandardCharsets.US_ASCII));
    java.net.http.HttpRequest request =
        java.net.http.HttpRequest.newBuilder(server.base.resolve("/v1/sso/token"))
            .header("Authorization", "Basic " + basic)
            .header("Content-Type", "application/json")
            .POST(
                java.net.http.HttpRequest.BodyPublishers.ofString(
                    "{\"grant_type\":\"authorization_code\",\"code\":\""
                        + code
                        + "\",\"redirect_uri\":\""
                        + CALLBACK
                        + "\"}"))
            .build();
    try {
      var ok = server.http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
      JsonNode body = TestServer.JSON.readTree(ok.body());
      assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
      assertThat(body.get("expires_in").asLong()).isPositive();
      assertThat(ok.headers().firstValue("Cache-Control")).hasValue("no-store");
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    assertThat(
            server
                .server
                .core()
                .audit()
                .query(
                    TestServer.SETUP,
                    new dev.metacircular.ports.audit.AuditFilter(
                        null, IdentityAuditTypes.SSO_TOKEN_REFUSED, null, 100)))
        .hasSize(2);
  }

  @Test
  void clientAdministrationIsForAdminsAndNeverShowsTheSecretAgain() {
    registerClient();
    String alice = server.login("alice");
    assertThat(server.get("/v1/sso/clients", alice).status()).isEqualTo(403);
    TestServer.Reply list = server.get("/v1/sso/clients", admin);
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.body()).doesNotContain("secret");
    assertThat(
            server
                .send(
                    "PUT",
                    "/v1/sso/clients/metacrypt",
                    admin,
                    "{\"service_name\":\"metacrypt\",\"redirect_uris\":[\"http://evil.example/cb\"]}")
                .status())
        .isEqualTo(400);
    TestServer.Reply rotated = server.post("/v1/sso/clients/metacrypt/secret", admin, null);
    assertThat(rotated.status()).isEqualTo(200);
    assertThat(rotated.json().get("client_secret").asText()).hasSize(43);
    assertThat(server.delete("/v1/sso/clients/metacrypt", admin).status()).isEqualTo(200);
    assertThat(server.get("/v1/sso/clients/metacrypt", admin).status()).isEqualTo(404);
  }

  @Test
  void aPasskeyRegisteredOverRestSignsIn() throws Exception {
    String alice = server.login("alice");
    SoftwareAuthenticator authenticator = new SoftwareAuthenticator("test.example");
    TestServer.Reply start = server.post("/v1/auth/passkeys/register/start", alice, null);
    assertThat(start.status()).as(start.body()).isEqualTo(200);
    JsonNode options = start.json().get("options");
    assertThat(options.get("publicKey").get("rp").get("id").asText()).isEqualTo("test.example");
    String credential = authenticator.register(options.toString(), "https://test.example");
    TestServer.Reply finish =
        server.post(
            "/v1/auth/passkeys/register/finish",
            alice,
            TestServer.JSON.writeValueAsString(
                Map.of(
                    "request_id", start.json().get("request_id").asText(),
                    "credential", TestServer.JSON.readTree(credential),
                    "name", "laptop")));
    assertThat(finish.status()).as(finish.body()).isEqualTo(201);
    String credentialId = finish.json().get("credential_id").asText();

    TestServer.Reply login =
        server.post("/v1/auth/passkeys/login/start", null, "{\"username\":\"alice\"}");
    assertThat(login.status()).isEqualTo(200);
    String assertion =
        authenticator.assert_(login.json().get("options").toString(), "https://test.example");
    TestServer.Reply done =
        server.post(
            "/v1/auth/passkeys/login/finish",
            null,
            TestServer.JSON.writeValueAsString(
                Map.of(
                    "request_id", login.json().get("request_id").asText(),
                    "credential", TestServer.JSON.readTree(assertion))));
    assertThat(done.status()).as(done.body()).isEqualTo(200);
    String token = done.json().get("token").asText();
    assertThat(
            server
                .get("/v1/auth/passkeys", token)
                .json()
                .get("passkeys")
                .get(0)
                .get("signature_count")
                .asLong())
        .isEqualTo(1);

    // Replaying the same assertion is refused.
    TestServer.Reply replay =
        server.post(
            "/v1/auth/passkeys/login/finish",
            null,
            TestServer.JSON.writeValueAsString(
                Map.of(
                    "request_id", login.json().get("request_id").asText(),
                    "credential", TestServer.JSON.readTree(assertion))));
    assertThat(replay.status()).isEqualTo(401);
    assertThat(replay.json().get("error").asText()).isEqualTo("passkey not accepted");

    assertThat(server.delete("/v1/auth/passkeys/" + credentialId, token).status()).isEqualTo(200);
    assertThat(server.get("/v1/auth/passkeys", token).json().get("passkeys")).isEmpty();
  }
}
