package dev.metacircular.rest.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.TokenClaims;
import dev.metacircular.ports.identity.TokenValidation;
import dev.metacircular.rest.IdentityRestServer;
import dev.metacircular.rest.JsonBodies;
import dev.metacircular.rest.SecureJavalin;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The REST identity client against the real identity REST server (over TLS, with fakes of the
 * identity core's ports behind it), a server that answers nonsense, and no server at all.
 */
class RestIdentityProviderTest {

  private static final FakeIdentity IDENTITY = new FakeIdentity();
  private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();
  private static final String TRICKY_PASSWORD =
      "qu\"ote back\\slash nul\u0000 tab\t é ☃ \uD83D\uDE00 lone\uD800 end";

  @TempDir static Path dir;
  private static IdentityRestServer server;
  private static IdentityRestServer elsewhere;
  private static Javalin lying;
  private static Path ca;

  private final MutableClock clock = new MutableClock(IDENTITY.now);

  @BeforeAll
  static void start() {
    LOGS.start();
    logger().addAppender(LOGS);
    server =
        IdentityRestServer.start(
            IDENTITY.api(), TestCertificates.serverOn(TestCertificates.LOOPBACK));
    elsewhere =
        IdentityRestServer.start(
            IDENTITY.api(), TestCertificates.serverOn(TestCertificates.ELSEWHERE));
    lying = startLyingServer();
    ca = TestCertificates.pem(dir, "identity", TestCertificates.LOOPBACK);
  }

  @AfterAll
  static void noLogEverHeldATokenOrPassword() {
    server.close();
    elsewhere.close();
    lying.stop();
    logger().detachAppender(LOGS);
    assertThat(IDENTITY.everIssued).isNotEmpty();
    for (ILoggingEvent event : LOGS.list) {
      String text =
          event.getFormattedMessage()
              + (event.getThrowableProxy() == null
                  ? ""
                  : ThrowableProxyUtil.asString(event.getThrowableProxy()));
      assertThat(text).doesNotContain(FakeIdentity.PASSWORD).doesNotContain("wrong password");
      for (String token : IDENTITY.everIssued) {
        assertThat(text).doesNotContain(token).doesNotContain(token.split("\\.")[1]);
      }
    }
  }

  private static Logger logger() {
    return (Logger) LoggerFactory.getLogger("dev.metacircular.rest.client");
  }

  @BeforeEach
  void reset() {
    IDENTITY.reset();
    LOGS.list.clear();
  }

  private static IdentityClientSettings settings(int port) {
    return IdentityClientSettings.of(
        URI.create("https://127.0.0.1:" + port), ca, "metacrypt", List.of("env:test", "tier:core"));
  }

  private RestIdentityProvider provider() {
    return provider(settings(server.port()));
  }

  private RestIdentityProvider provider(IdentityClientSettings settings) {
    return new RestIdentityProvider(settings, clock);
  }

  private static IssuedToken login(RestIdentityProvider provider, String username) {
    return provider.login(username, FakeIdentity.PASSWORD.toCharArray(), null, "198.51.100.7");
  }

  private static List<String> warnings() {
    return LOGS.list.stream()
        .filter(e -> e.getLevel() == Level.WARN)
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }

  // --- login -------------------------------------------------------------------------------

  @Test
  void loginSendsTheServiceNameAndTagsAndAnswersTheTokenWithItsJti() {
    char[] password = FakeIdentity.PASSWORD.toCharArray();

    IssuedToken token = provider().login("alice", password, "123456", "198.51.100.7");

    TokenClaims minted = IDENTITY.issued.get(token.token());
    assertThat(minted).isNotNull();
    assertThat(token.jti()).isEqualTo(minted.jti());
    assertThat(token.expiresAt()).isEqualTo(minted.expiresAt());
    assertThat(IDENTITY.lastLogin.serviceName()).isEqualTo("metacrypt");
    assertThat(IDENTITY.lastLogin.tags()).containsExactly("env:test", "tier:core");
    assertThat(IDENTITY.lastLogin.totpCode()).isEqualTo("123456");
    assertThat(IDENTITY.lastPassword).isEqualTo(FakeIdentity.PASSWORD.toCharArray());
    // The caller owns the array: the client neither wipes nor changes it.
    assertThat(password).isEqualTo(FakeIdentity.PASSWORD.toCharArray());
  }

  @Test
  void aPasswordOfAnyCharactersReachesTheIdentityServiceExactly() {
    assertThatThrownBy(
            () -> provider().login("alice", TRICKY_PASSWORD.toCharArray(), null, "198.51.100.7"))
        .isInstanceOf(DomainException.Unauthenticated.class);

    assertThat(IDENTITY.lastPassword).isEqualTo(TRICKY_PASSWORD.toCharArray());
  }

  @Test
  void aWrongPasswordIsInvalidCredentials() {
    assertThatThrownBy(
            () -> provider().login("alice", "wrong password".toCharArray(), null, "198.51.100.7"))
        .isInstanceOf(DomainException.Unauthenticated.class)
        .hasMessage("invalid credentials");
  }

  @Test
  void aMissingTotpCodeIsSaidSo() {
    RestIdentityProvider provider = provider();
    assertThatThrownBy(() -> login(provider, "totp"))
        .isInstanceOf(DomainException.Unauthenticated.class)
        .hasMessage("totp required");

    assertThat(provider.login("totp", FakeIdentity.PASSWORD.toCharArray(), "654321", "").token())
        .isNotBlank();
    assertThat(IDENTITY.lastLogin.totpCode()).isEqualTo("654321");
  }

  @Test
  void aRateLimitedLoginSaysWhenToRetry() {
    assertThatThrownBy(() -> login(provider(), "locked"))
        .isInstanceOfSatisfying(
            DomainException.TooManyRequests.class,
            e -> {
              assertThat(e).hasMessage("account locked");
              assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
            });
  }

  @Test
  void aPolicyDenialIsForbidden() {
    assertThatThrownBy(() -> login(provider(), "denied"))
        .isInstanceOf(DomainException.Forbidden.class)
        .hasMessage("login denied by policy");
  }

  @Test
  void aBadRequestCarriesTheIdentityServicesMessage() {
    assertThatThrownBy(() -> login(provider(), "refused"))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("tags must not repeat");
  }

  @Test
  void aMalformedLoginIsRefusedBeforeAnyCall() {
    RestIdentityProvider provider = provider();
    assertThatThrownBy(() -> login(provider, "not a username"))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessageStartingWith("username may contain only");
    assertThatThrownBy(() -> provider.login("alice", new char[1025], null, ""))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("password is longer than 1024 characters");
    assertThat(IDENTITY.lastLogin).isNull();
  }

  @Test
  void anInternalErrorOfTheIdentityServiceIsUnavailable() {
    assertThatThrownBy(() -> login(provider(), "broken"))
        .isInstanceOf(DomainException.Unavailable.class)
        .hasMessage("identity service unavailable");
    assertThat(warnings()).singleElement().asString().contains("HTTP 500");
  }

  // --- validation ----------------------------------------------------------------------------

  @Test
  void aValidTokenComesBackWithAllItsClaims() {
    RestIdentityProvider provider = provider();
    IssuedToken token = login(provider, "root");

    TokenValidation result = provider.validate(token.token());

    assertThat(result)
        .isInstanceOfSatisfying(
            TokenValidation.Valid.class,
            valid ->
                assertThat(valid.claims())
                    .isEqualTo(
                        new TokenClaims(
                            FakeIdentity.ROOT,
                            "root",
                            Set.of(Role.ADMIN, Role.USER),
                            AccountType.HUMAN,
                            token.jti(),
                            FakeIdentity.ISSUER,
                            IDENTITY.now,
                            token.expiresAt(),
                            "metacrypt")));
  }

  @Test
  void aTokenTheIdentityServiceRefusesIsInvalid() {
    String forged = FakeIdentity.jws(Map.of("sub", FakeIdentity.ROOT.toString(), "jti", "x"));

    assertThat(provider().validate(forged).valid()).isFalse();
    assertThat(IDENTITY.validations).hasValue(1);
  }

  @Test
  void somethingThatIsNotATokenIsInvalidWithoutAsking() {
    RestIdentityProvider provider = provider();
    for (String notAToken :
        new String[] {
          null,
          "",
          "  ",
          "abc",
          "a.b",
          "a.b.c.d",
          "a.b.c\r\nX: y",
          "ä.b.c",
          "a.b." + "c".repeat(8 * 1024)
        }) {
      assertThat(provider.validate(notAToken))
          .isEqualTo(new TokenValidation.Invalid(TokenValidation.Reason.MALFORMED));
    }
    assertThat(IDENTITY.validations).hasValue(0);
  }

  @Test
  void answersAreReusedForTheTtlSoARevokedTokenPassesAtMostThatLong() {
    RestIdentityProvider provider = provider();
    IssuedToken token = login(provider, "alice");
    assertThat(provider.validate(token.token()).valid()).isTrue();
    assertThat(IDENTITY.validations).hasValue(1);

    IDENTITY.revoked.add(token.jti());
    clock.advance(Duration.ofSeconds(29));
    // Revoked elsewhere, but still inside the window this client documents.
    assertThat(provider.validate(token.token()).valid()).isTrue();
    assertThat(IDENTITY.validations).hasValue(1);

    clock.advance(Duration.ofSeconds(1));
    assertThat(provider.validate(token.token()).valid()).isFalse();
    assertThat(IDENTITY.validations).hasValue(2);
  }

  @Test
  void aValidAnswerIsNeverReusedPastTheTokensExpiry() {
    IDENTITY.tokenLifetime = Duration.ofSeconds(10);
    RestIdentityProvider provider = provider();
    IssuedToken token = login(provider, "alice");
    provider.validate(token.token());

    clock.advance(Duration.ofSeconds(9));
    provider.validate(token.token());
    assertThat(IDENTITY.validations).hasValue(1);

    clock.advance(Duration.ofSeconds(1));
    provider.validate(token.token());
    assertThat(IDENTITY.validations).hasValue(2);
  }

  @Test
  void refusalsAreCachedForTheTtlToo() {
    RestIdentityProvider provider = provider();
    String unknown = FakeIdentity.jws(Map.of("sub", "nobody"));

    provider.validate(unknown);
    clock.advance(Duration.ofSeconds(29));
    provider.validate(unknown);
    assertThat(IDENTITY.validations).hasValue(1);

    clock.advance(Duration.ofSeconds(1));
    provider.validate(unknown);
    assertThat(IDENTITY.validations).hasValue(2);
  }

  @Test
  void aZeroTtlAsksEveryTime() {
    RestIdentityProvider provider = provider(settings(server.port()).withCache(Duration.ZERO, 10));
    IssuedToken token = login(provider, "alice");

    provider.validate(token.token());
    provider.validate(token.token());

    assertThat(IDENTITY.validations).hasValue(2);
    assertThat(provider.cachedAnswers()).isZero();
  }

  @Test
  void theCacheDropsTheLeastRecentlyUsedAnswerWhenFull() {
    RestIdentityProvider provider =
        provider(settings(server.port()).withCache(Duration.ofSeconds(30), 2));
    String a = login(provider, "alice").token();
    String b = login(provider, "alice").token();
    String c = login(provider, "alice").token();

    provider.validate(a);
    provider.validate(b);
    provider.validate(a);
    provider.validate(c); // evicts b, the least recently used
    assertThat(IDENTITY.validations).hasValue(3);
    assertThat(provider.cachedAnswers()).isEqualTo(2);

    provider.validate(a);
    provider.validate(c);
    assertThat(IDENTITY.validations).hasValue(3);
    provider.validate(b);
    assertThat(IDENTITY.validations).hasValue(4);
  }

  // --- logout --------------------------------------------------------------------------------

  @Test
  void logoutRevokesTheTokenAndEvictsItAtOnce() {
    RestIdentityProvider provider = provider();
    IssuedToken token = login(provider, "alice");
    assertThat(provider.validate(token.token()).valid()).isTrue();

    provider.logout(token.token(), "198.51.100.7");

    assertThat(IDENTITY.lastLogout).isEqualTo(token.token());
    assertThat(IDENTITY.revoked).contains(token.jti());
    assertThat(provider.validate(token.token()).valid()).isFalse();
    assertThat(IDENTITY.validations).hasValue(2);
  }

  @Test
  void aRefusedLogoutStillEvictsTheToken() {
    RestIdentityProvider provider = provider();
    IssuedToken token = login(provider, "alice");
    assertThat(provider.validate(token.token()).valid()).isTrue();
    IDENTITY.revoked.add(token.jti());

    assertThatThrownBy(() -> provider.logout(token.token(), ""))
        .isInstanceOf(DomainException.Unauthenticated.class)
        .hasMessage("invalid or expired token");

    assertThat(provider.validate(token.token()).valid()).isFalse();
  }

  @Test
  void logoutWithoutAUsableTokenIsRefusedWithoutAsking() {
    RestIdentityProvider provider = provider();
    assertThatThrownBy(() -> provider.logout(" ", ""))
        .isInstanceOf(DomainException.Unauthenticated.class)
        .hasMessage("missing token");
    assertThatThrownBy(() -> provider.logout("a.b.c\r\nX-Injected: 1", ""))
        .isInstanceOf(DomainException.Unauthenticated.class)
        .hasMessage("invalid or expired token");
    assertThat(IDENTITY.lastLogout).isNull();
  }

  // --- TLS and failures ----------------------------------------------------------------------

  @Test
  void aCaThatDidNotSignTheServerCertificateMakesTheServiceUnavailable() {
    RestIdentityProvider provider =
        provider(
            IdentityClientSettings.of(
                URI.create("https://127.0.0.1:" + server.port()),
                TestCertificates.pem(dir, "stranger", TestCertificates.STRANGER),
                "metacrypt",
                null));

    assertThatThrownBy(() -> login(provider, "alice"))
        .isInstanceOf(DomainException.Unavailable.class)
        .hasMessage("identity service unavailable");
    assertThatThrownBy(() -> provider.validate(FakeIdentity.jws(Map.of("sub", "x"))))
        .isInstanceOf(DomainException.Unavailable.class);
    assertThat(IDENTITY.lastLogin).isNull();
    assertThat(provider.cachedAnswers()).isZero();
    assertThat(warnings()).hasSize(2).allMatch(w -> w.contains("SSLHandshakeException"));
  }

  @Test
  void withoutACaFileOnlyTheJdkTrustStoreIsTrusted() {
    RestIdentityProvider provider =
        provider(
            IdentityClientSettings.of(
                URI.create("https://127.0.0.1:" + server.port()), null, "metacrypt", null));

    assertThatThrownBy(() -> login(provider, "alice"))
        .isInstanceOf(DomainException.Unavailable.class);
    assertThat(IDENTITY.lastLogin).isNull();
  }

  @Test
  void theServerCertificateMustNameTheHostConnectedTo() {
    // Trusted, but issued for identity.invalid, not 127.0.0.1.
    RestIdentityProvider provider =
        provider(
            IdentityClientSettings.of(
                URI.create("https://127.0.0.1:" + elsewhere.port()),
                TestCertificates.pem(dir, "elsewhere", TestCertificates.ELSEWHERE),
                "metacrypt",
                null));

    assertThatThrownBy(() -> login(provider, "alice"))
        .isInstanceOf(DomainException.Unavailable.class);
    assertThat(IDENTITY.lastLogin).isNull();
  }

  @Test
  void aMissingCaFileFailsAtConstructionNamingTheFile() {
    Path missing = dir.resolve("no-such-ca.crt");

    assertThatThrownBy(
            () ->
                provider(
                    IdentityClientSettings.of(
                        URI.create("https://127.0.0.1:1"), missing, "metacrypt", null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("does not exist");
  }

  @Test
  void aCaFileWithoutACertificateFailsAtConstructionNamingTheFile() throws IOException {
    Path garbage =
        Files.writeString(
            dir.resolve("garbage.crt"),
            "-----BEGIN CERTIFICATE-----\n"
                + "bm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");
    Path empty = Files.writeString(dir.resolve("empty.crt"), "");

    for (Path file : List.of(garbage, empty)) {
      assertThatThrownBy(
              () ->
                  provider(
                      IdentityClientSettings.of(
                          URI.create("https://127.0.0.1:1"), file, "metacrypt", null)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(file.toString());
    }
  }

  @Test
  void aServerThatIsDownIsUnavailable() throws IOException {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    RestIdentityProvider provider = provider(settings(port));

    assertThatThrownBy(() -> login(provider, "alice"))
        .isInstanceOf(DomainException.Unavailable.class)
        .hasMessage("identity service unavailable");
    assertThatThrownBy(() -> provider.validate(FakeIdentity.jws(Map.of("sub", "x"))))
        .isInstanceOf(DomainException.Unavailable.class);
    assertThatThrownBy(() -> provider.logout(FakeIdentity.jws(Map.of("sub", "x")), ""))
        .isInstanceOf(DomainException.Unavailable.class);
    assertThat(warnings()).hasSize(3).allMatch(w -> w.contains("ConnectException"));
  }

  @Test
  void aServerThatNeverAnswersTimesOutAsUnavailable() throws IOException {
    // Accepts TCP connections (the backlog does) but never speaks TLS.
    try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      RestIdentityProvider provider =
          provider(
              settings(silent.getLocalPort())
                  .withTimeouts(Duration.ofSeconds(5), Duration.ofMillis(300)));

      assertThatThrownBy(() -> provider.validate(FakeIdentity.jws(Map.of("sub", "x"))))
          .isInstanceOf(DomainException.Unavailable.class)
          .hasMessage("identity service unavailable");
    }
    assertThat(warnings()).singleElement().asString().contains("no answer within 300 ms");
  }

  // --- answers that cannot be trusted ---------------------------------------------------------

  private RestIdentityProvider lyingAt(String mode) {
    return provider(
        IdentityClientSettings.of(
            URI.create("https://127.0.0.1:" + lying.port() + "/" + mode + "/"),
            ca,
            "metacrypt",
            null));
  }

  @Test
  void unreadableValidationAnswersAreUnavailable() {
    String token = FakeIdentity.jws(Map.of("sub", FakeIdentity.ALICE.toString()));
    for (String mode :
        List.of("garbage", "huge", "redirect", "unknown-role", "no-valid", "json-401")) {
      RestIdentityProvider provider = lyingAt(mode);
      assertThatThrownBy(() -> provider.validate(token))
          .as(mode)
          .isInstanceOf(DomainException.Unavailable.class)
          .hasMessage("identity service unavailable");
      assertThat(provider.cachedAnswers()).as(mode).isZero();
    }
  }

  @Test
  void unreadableLoginAnswersAreUnavailable() {
    for (String mode : List.of("garbage", "html-401", "not-a-jwt", "huge", "redirect")) {
      assertThatThrownBy(() -> login(lyingAt(mode), "alice"))
          .as(mode)
          .isInstanceOf(DomainException.Unavailable.class)
          .hasMessage("identity service unavailable");
    }
  }

  @Test
  void aPayloadThatContradictsTheIdentityServicesAnswerIsNotTrusted() {
    // The lying server vouches for ALICE; this token's payload names someone else.
    String token =
        FakeIdentity.jws(
            Map.of(
                "sub",
                FakeIdentity.ROOT.toString(),
                "jti",
                "j",
                "iss",
                "i",
                "iat",
                1,
                "aud",
                "metacrypt"));

    assertThat(lyingAt("valid-alice").validate(token))
        .isEqualTo(new TokenValidation.Invalid(TokenValidation.Reason.MALFORMED));
  }

  @Test
  void anAnswerWhoseAudienceContradictsThePayloadOrTheOneAskedForIsNotTrusted() {
    // The lying server vouches for alice with aud metacrypt whatever it is asked.
    String otherAudience =
        FakeIdentity.jws(
            Map.of(
                "sub",
                FakeIdentity.ALICE.toString(),
                "jti",
                "j",
                "iss",
                "i",
                "iat",
                1,
                "aud",
                "otherapp"));
    String sameAudience =
        FakeIdentity.jws(
            Map.of(
                "sub",
                FakeIdentity.ALICE.toString(),
                "jti",
                "j",
                "iss",
                "i",
                "iat",
                1,
                "aud",
                "metacrypt"));

    assertThat(lyingAt("valid-alice").validate(otherAudience))
        .isEqualTo(new TokenValidation.Invalid(TokenValidation.Reason.MALFORMED));
    assertThat(lyingAt("valid-alice").validate(sameAudience, "registry"))
        .isEqualTo(new TokenValidation.Invalid(TokenValidation.Reason.WRONG_AUDIENCE));
    assertThat(lyingAt("valid-alice").validate(sameAudience, "metacrypt").valid()).isTrue();
  }

  @Test
  void validationSendsTheAudienceSoTheIdentityServiceRefusesAnotherServicesToken() {
    RestIdentityProvider provider = provider();
    TokenClaims claims = IDENTITY.mint(FakeIdentity.ALICE, "alice", Set.of(Role.USER), "otherapp");
    String token = IDENTITY.tokenFor(claims);

    assertThat(provider.validate(token).valid()).isTrue();
    assertThat(provider.validate(token, "metacrypt").valid()).isFalse();
    assertThat(provider.validate(token, "otherapp").valid()).isTrue();
  }

  @Test
  void anErrorMessageIsPassedOnShortAndWithoutControlCharacters() {
    assertThatThrownBy(() -> login(lyingAt("long-403"), "alice"))
        .isInstanceOfSatisfying(
            DomainException.Forbidden.class,
            e -> {
              assertThat(e.getMessage()).hasSize(200).startsWith("denied x").doesNotContain("\n");
            });
  }

  private static Javalin startLyingServer() {
    String vouchForAlice =
        "{\"valid\":true,\"sub\":\""
            + FakeIdentity.ALICE
            + "\",\"aud\":\"metacrypt\","
            + "\"username\":\"alice\","
            + "\"roles\":[\"user\"],\"account_type\":\"human\",\"expires_at\":\"2026-03-11T22:00:00Z\"}";
    return SecureJavalin.create(
            TestCertificates.serverOn(TestCertificates.LOOPBACK),
            config -> {
              var routes = config.routes;
              for (String path : List.of("/{mode}/v1/token/validate", "/{mode}/v1/auth/login")) {
                routes.post(
                    path,
                    ctx -> {
                      switch (ctx.pathParam("mode")) {
                        case "garbage" -> ctx.status(200).result("this is not JSON");
                        case "huge" ->
                            ctx.status(200)
                                .result("{\"valid\":false,\"pad\":\"" + "x".repeat(70_000) + "\"}");
                        case "redirect" ->
                            ctx.status(302).header("Location", "https://127.0.0.1:1/").result("");
                        case "unknown-role" ->
                            ctx.status(200)
                                .result(vouchForAlice.replace("\"user\"", "\"superuser\""));
                        case "no-valid" -> ctx.status(200).result("{\"sub\":\"x\"}");
                        case "json-401" ->
                            JsonBodies.writeError(ctx, 401, "validation never says this");
                        case "html-401" ->
                            ctx.status(401).contentType("text/html").result("<h1>nope</h1>");
                        case "not-a-jwt" ->
                            ctx.status(200)
                                .result(
                                    "{\"token\":\"opaque-token\",\"expires_at\":\"2026-03-11T22:00:00Z\"}");
                        case "valid-alice" -> ctx.status(200).result(vouchForAlice);
                        case "long-403" ->
                            JsonBodies.writeError(ctx, 403, "denied " + "x\n".repeat(300));
                        default -> ctx.status(404).result("{}");
                      }
                    });
              }
            })
        .start();
  }
}
