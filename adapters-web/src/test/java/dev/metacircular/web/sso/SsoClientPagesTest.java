package dev.metacircular.web.sso;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.delegation.in.DelegatedAuthenticationUseCase;
import dev.metacircular.ports.delegation.out.SsoLogin;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.TokenClaims;
import dev.metacircular.web.common.WebRoutes;
import dev.metacircular.web.common.WebSettings;
import dev.metacircular.web.common.WebUi;
import io.javalin.Javalin;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The relying service's SSO routes over a real Javalin server, with a fake identity service. */
class SsoClientPagesTest {
  static final String STATE_COOKIE = "__Host-test_sso_state";

  Javalin app;
  HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  URI base;
  String lastChallenge;
  String lastVerifier;
  String lastCode;
  boolean refuse;

  final SsoLogin sso =
      new SsoLogin() {
        @Override
        public URI authorizationUrl(String state, String codeChallenge) {
          lastChallenge = codeChallenge;
          return URI.create("https://id.example/sso/authorize?state=" + state);
        }

        @Override
        public URI redirectUri() {
          return URI.create("https://svc.example/sso/callback");
        }

        @Override
        public IssuedToken exchange(String code, String codeVerifier) {
          lastCode = code;
          lastVerifier = codeVerifier;
          if (refuse) {
            throw new DomainException.Unauthenticated("sso login failed");
          }
          return new IssuedToken("a.b.c", "jti-1", Instant.now().plus(Duration.ofHours(1)));
        }
      };

  final DelegatedAuthenticationUseCase auth =
      new DelegatedAuthenticationUseCase() {
        @Override
        public IssuedToken login(String u, char[] p, String t, String a) {
          throw new UnsupportedOperationException();
        }

        @Override
        public Caller authenticate(String bearerToken, String sourceAddress) {
          throw new UnsupportedOperationException();
        }

        @Override
        public TokenClaims tokenInfo(String bearerToken) {
          Instant now = Instant.now();
          return new TokenClaims(
              UUID.randomUUID(),
              "alice",
              Set.of(Role.USER),
              AccountType.HUMAN,
              "jti-1",
              "https://id.example",
              now,
              now.plusSeconds(3600),
              "svc");
        }

        @Override
        public void logout(String bearerToken, String sourceAddress) {}
      };

  @BeforeEach
  void start() {
    app =
        Javalin.create(
                config -> {
                  config.startup.showJavalinBanner = false;
                  config.jetty.host = "127.0.0.1";
                  config.jetty.port = 0;
                  WebRoutes routes = WebUi.install(config, WebSettings.of("test", "Test"));
                  SsoClientPages pages = new SsoClientPages(sso, auth, "test", "/dashboard");
                  routes.get("/sso/redirect", pages::redirect);
                  routes.get("/sso/callback", pages::callback);
                })
            .start();
    base = URI.create("http://127.0.0.1:" + app.port());
  }

  @AfterEach
  void stop() {
    app.stop();
  }

  HttpResponse<String> get(String path, String cookie) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path));
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String stateCookie(HttpResponse<?> r) {
    return r.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith(STATE_COOKIE + "="))
        .findFirst()
        .orElse(null);
  }

  /** Starts a sign-in; returns {state, cookie header}. */
  String[] begin() throws Exception {
    HttpResponse<String> r = get("/sso/redirect", null);
    assertThat(r.statusCode()).isEqualTo(303);
    String location = r.headers().firstValue("Location").orElseThrow();
    String state =
        URLDecoder.decode(
            location.substring(location.indexOf("state=") + 6), StandardCharsets.UTF_8);
    String cookie = stateCookie(r);
    assertThat(cookie)
        .isEqualTo(
            STATE_COOKIE + "=" + state + "; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=600");
    assertThat(state).matches("[A-Za-z0-9_-]{43}");
    return new String[] {state, STATE_COOKIE + "=" + state};
  }

  @Test
  void aCallbackWithTheBrowsersStateSignsInWithPkce() throws Exception {
    String[] started = begin();
    HttpResponse<String> r = get("/sso/callback?code=the-code&state=" + started[0], started[1]);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("http-equiv=\"refresh\"").contains("url=/dashboard");
    assertThat(lastCode).isEqualTo("the-code");
    assertThat(SsoClientPages.s256(lastVerifier)).isEqualTo(lastChallenge);
    assertThat(stateCookie(r)).endsWith("Max-Age=0");
    List<String> session =
        r.headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith("__Host-test_session="))
            .collect(Collectors.toList());
    assertThat(session).isNotEmpty();
  }

  @Test
  void aCallbackWithoutTheCookieOrWithAnotherStateIsRefusedBeforeAnyExchange() throws Exception {
    String[] started = begin();
    assertThat(get("/sso/callback?code=c&state=" + started[0], null).statusCode()).isEqualTo(400);
    String[] other = begin();
    assertThat(get("/sso/callback?code=c&state=" + other[0], started[1]).statusCode())
        .isEqualTo(400);
    assertThat(
            get("/sso/callback?code=c&state=made-up", "__Host-test_sso_state=made-up").statusCode())
        .isEqualTo(400);
    assertThat(lastCode).isNull();
  }

  @Test
  void aStateWorksOnceAndARefusedCodeIsShown() throws Exception {
    String[] started = begin();
    refuse = true;
    HttpResponse<String> refused = get("/sso/callback?code=c&state=" + started[0], started[1]);
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.body()).contains("sso login failed");
    refuse = false;
    assertThat(get("/sso/callback?code=c&state=" + started[0], started[1]).statusCode())
        .isEqualTo(400);
  }
}
