package dev.metacircular.web.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.ports.error.DomainException;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The foundation's rules over a real Javalin server (plain HTTP here: TLS and the host's headers
 * belong to adapters-rest and are tested with the real server in apps): sessions and their cookie,
 * CSRF on every POST, the page CSP, error pages, static assets.
 */
class WebFoundationTest {
  static final String COOKIE = "__Host-test_session";

  MutableClock clock = new MutableClock(Instant.parse("2026-11-23T12:00:00Z"));
  AtomicInteger count = new AtomicInteger();
  AtomicReference<char[]> lastSecret = new AtomicReference<>();
  Javalin app;
  SessionStore sessions;
  WebClient browser;

  @BeforeEach
  void start() {
    start(WebSettings.of("test", "Test").withClock(clock));
  }

  void start(WebSettings settings) {
    app =
        Javalin.create(
                config -> {
                  config.startup.showJavalinBanner = false;
                  config.jetty.host = "127.0.0.1";
                  config.jetty.port = 0;
                  WebRoutes routes = WebUi.install(config, settings);
                  sessions = routes.sessions();
                  routes.get("/t", r -> r.render("test/page", Map.of("count", count.get())));
                  routes.post(
                      "/t/do",
                      r -> {
                        count.incrementAndGet();
                        r.redirect("/t", Flash.Kind.SUCCESS, "done: " + r.form().text("note"));
                      });
                  routes.post(
                      "/t/secret",
                      r -> {
                        lastSecret.set(r.form().secret("password"));
                        r.redirect("/t");
                      });
                  routes.post(
                      "/t/login",
                      r -> {
                        r.signIn(
                            new SignedIn(
                                "token-" + r.form().text("user"),
                                r.form().text("user"),
                                Set.of("admin"),
                                r.now().plus(Duration.ofHours(1))));
                        r.redirect("/t");
                      });
                  routes.post(
                      "/t/logout",
                      r -> {
                        r.endSession();
                        r.redirect("/t");
                      });
                  routes.get(
                      "/t/who",
                      r -> r.ctx().result(r.signedIn().map(SignedIn::username).orElse("nobody")));
                  routes.get(
                      "/t/fail/{kind}",
                      r -> {
                        switch (r.pathParam("kind")) {
                          case "400":
                            throw new DomainException.InvalidInput("bad field <b>");
                          case "401":
                            throw new DomainException.Unauthenticated("invalid password");
                          case "403":
                            throw new DomainException.Forbidden("admin role required");
                          case "404":
                            throw new DomainException.NotFound("key k not found");
                          case "409":
                            throw new DomainException.Conflict("already initialized");
                          case "412":
                            throw new DomainException.PreconditionFailed("not initialized");
                          case "429":
                            throw new DomainException.TooManyRequests(
                                "too many attempts", Duration.ofSeconds(42));
                          case "503":
                            throw new DomainException.Unavailable("sealed");
                          default:
                            throw new IllegalStateException("secret internals at line 12");
                        }
                      });
                })
            .start();
    browser = new WebClient(URI.create("http://127.0.0.1:" + app.port() + "/"), COOKIE);
  }

  @AfterEach
  void stop() {
    app.stop();
  }

  @Test
  void aPageStartsASessionWithAHostOnlySecureHttpOnlyStrictCookie() {
    HttpResponse<String> page = browser.get("/t");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    List<String> cookies = WebClient.setCookies(page);
    assertThat(cookies).hasSize(1);
    assertThat(cookies.get(0))
        .matches(COOKIE + "=[A-Za-z0-9_-]{43}; Path=/; Secure; HttpOnly; SameSite=Strict")
        .doesNotContainIgnoringCase("domain");
    assertThat(browser.csrf).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(browser.cookie);
    // htmx sends the token from the body's hx-headers; the cookie value is never in the page.
    assertThat(page.body())
        .contains("hx-headers='{\"X-CSRF-Token\": \"" + browser.csrf + "\"}'")
        .doesNotContain(browser.cookie);
    // A second page reuses the session: no new cookie, same token.
    String csrf = browser.csrf;
    assertThat(WebClient.setCookies(browser.get("/t"))).isEmpty();
    assertThat(browser.csrf).isEqualTo(csrf);
  }

  @Test
  void everyPageCarriesThePageContentSecurityPolicy() {
    for (String path : List.of("/t", "/t/fail/404", "/t/fail/500", "/nothing-here")) {
      HttpResponse<String> r = browser.get(path);
      assertThat(r.headers().firstValue("Content-Security-Policy"))
          .as(path)
          .hasValue(PageHeaders.CONTENT_SECURITY_POLICY);
    }
    assertThat(PageHeaders.CONTENT_SECURITY_POLICY)
        .contains(
            "default-src 'self'",
            "script-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "form-action 'self'")
        .doesNotContain("unsafe");
    browser.get("/t");
    HttpResponse<String> refused = browser.post("/t/do", Map.of());
    assertThat(refused.headers().firstValue("Content-Security-Policy"))
        .hasValue(PageHeaders.CONTENT_SECURITY_POLICY);
  }

  @Test
  void aPostWithTheTokenInTheFormOrTheHeaderIsAccepted() {
    browser.get("/t");
    HttpResponse<String> done = browser.submit("/t/do", "note", "first");
    assertThat(done.statusCode()).isEqualTo(303);
    assertThat(done.headers().firstValue("Location")).hasValue("/t");
    assertThat(
            browser.post("/t/do", Map.of("note", "x"), "X-CSRF-Token", browser.csrf).statusCode())
        .isEqualTo(303);
    assertThat(count.get()).isEqualTo(2);
    HttpResponse<String> next = browser.get("/t");
    assertThat(next.body()).contains("done: first", "done: x", "<p id=\"count\">2</p>");
    assertThat(browser.get("/t").body()).doesNotContain("done: first");
  }

  @Test
  void aPostWithoutTheRightTokenIsRefusedWith403AndChangesNothing() {
    browser.get("/t");
    String good = browser.csrf;
    HttpResponse<String> none = browser.post("/t/do", Map.of("note", "x"));
    assertThat(none.statusCode()).isEqualTo(403);
    assertThat(none.body()).contains(Csrf.REFUSED, "<html");
    assertThat(browser.post("/t/do", Map.of("csrf_token", good + "x")).statusCode()).isEqualTo(403);
    assertThat(browser.post("/t/do", Map.of("csrf_token", "")).statusCode()).isEqualTo(403);
    assertThat(browser.post("/t/do", Map.of(), "X-CSRF-Token", "nope").statusCode()).isEqualTo(403);

    // Another session's token is no good here.
    WebClient other = new WebClient(URI.create("http://127.0.0.1:" + app.port() + "/"), COOKIE);
    other.get("/t");
    assertThat(browser.post("/t/do", Map.of("csrf_token", other.csrf)).statusCode()).isEqualTo(403);

    // The right token without the session cookie is refused too.
    String cookie = browser.cookie;
    browser.cookie = null;
    assertThat(browser.post("/t/do", Map.of("csrf_token", good)).statusCode()).isEqualTo(403);
    browser.cookie = cookie;
    assertThat(count.get()).isZero();
  }

  @Test
  void aPrefixAnExtensionOrAOneCharacterChangeOfTheTokenIsRefused() {
    browser.get("/t");
    String good = browser.csrf;
    int n = good.length();
    java.util.List<String> forged = new java.util.ArrayList<>();
    for (int length : new int[] {1, 2, n / 2, n - 1}) {
      forged.add(good.substring(0, length));
    }
    forged.add(good + good.charAt(0));
    forged.add(good.substring(0, n - 1) + (good.charAt(n - 1) == 'A' ? 'B' : 'A'));
    forged.add((good.charAt(0) == 'A' ? 'B' : 'A') + good.substring(1));
    for (String token : forged) {
      HttpResponse<String> field = browser.post("/t/do", Map.of("csrf_token", token));
      assertThat(field.statusCode()).as("field %s", token).isEqualTo(403);
      assertThat(field.body()).contains(Csrf.REFUSED);
      assertThat(browser.post("/t/do", Map.of(), "X-CSRF-Token", token).statusCode())
          .as("header %s", token)
          .isEqualTo(403);
    }
    assertThat(count.get()).isZero();
    // The token itself still works afterwards: the refusals did not end the session.
    assertThat(browser.post("/t/do", Map.of("csrf_token", good)).statusCode()).isEqualTo(303);
    assertThat(count.get()).isEqualTo(1);
  }

  @Test
  void onlyUrlEncodedFormsAreAccepted() {
    browser.get("/t");
    HttpRequest.Builder json =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/t/do"))
            .header("Content-Type", "application/json")
            .header("X-CSRF-Token", browser.csrf)
            .POST(HttpRequest.BodyPublishers.ofString("{\"note\":\"x\"}"));
    assertThat(browser.send(json, false).statusCode()).isEqualTo(400);
    assertThat(browser.post("/t/do", Map.of(), "X-CSRF-Token", browser.csrf).statusCode())
        .isEqualTo(303);
    assertThat(count.get()).isEqualTo(1);
  }

  @Test
  void aPasswordFieldArrivesAsCharsAndTheFormIsDecodedFromUtf8() {
    browser.get("/t");
    browser.submit("/t/secret", "password", "pä ss+wörd&=%");
    assertThat(new String(lastSecret.get())).isEqualTo("pä ss+wörd&=%");
  }

  @Test
  void anIdleSessionExpiresAndItsCookieNoLongerWorks() {
    browser.get("/t");
    String first = browser.cookie;
    clock.advance(Duration.ofMinutes(29));
    assertThat(browser.submit("/t/do").statusCode()).isEqualTo(303);
    clock.advance(Duration.ofMinutes(30));
    assertThat(browser.submit("/t/do").statusCode()).isEqualTo(403);
    assertThat(count.get()).isEqualTo(1);
    // The next page starts a new session with a new id and token.
    String oldCsrf = browser.csrf;
    browser.get("/t");
    assertThat(browser.cookie).isNotEqualTo(first);
    assertThat(browser.csrf).isNotEqualTo(oldCsrf);
  }

  @Test
  void aBusySessionStillEndsAtItsMaximumLifetime() {
    browser.get("/t");
    for (int i = 0; i < 35; i++) {
      clock.advance(Duration.ofMinutes(20));
      assertThat(browser.submit("/t/do").statusCode()).isEqualTo(303);
    }
    clock.advance(Duration.ofMinutes(20)); // 12 h since the session began
    assertThat(browser.submit("/t/do").statusCode()).isEqualTo(403);
  }

  @Test
  void signingInStartsANewSessionAndLogoutEndsIt() {
    browser.get("/t");
    String anonymous = browser.cookie;
    String anonymousCsrf = browser.csrf;
    assertThat(browser.submit("/t/login", "user", "alice").statusCode()).isEqualTo(303);
    assertThat(browser.cookie).isNotEqualTo(anonymous);
    assertThat(browser.get("/t/who").body()).isEqualTo("alice");
    HttpResponse<String> page = browser.get("/t");
    assertThat(browser.csrf).isNotEqualTo(anonymousCsrf);
    assertThat(page.body()).contains("alice").doesNotContain("token-alice");

    // The pre-login session is gone.
    String signedIn = browser.cookie;
    browser.cookie = anonymous;
    assertThat(browser.post("/t/do", Map.of("csrf_token", anonymousCsrf)).statusCode())
        .isEqualTo(403);
    browser.cookie = signedIn;

    HttpResponse<String> out = browser.submit("/t/logout");
    assertThat(WebClient.setCookies(out))
        .contains(COOKIE + "=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Strict");
    assertThat(browser.cookie).isNull();
    browser.cookie = signedIn; // a copied cookie is worthless after logout
    assertThat(browser.get("/t/who").body()).isEqualTo("nobody");
    assertThat(browser.cookie).isNotEqualTo(signedIn);
  }

  @Test
  void theSignInEndsWhenTheTokenExpires() {
    browser.get("/t");
    browser.submit("/t/login", "user", "bob");
    clock.advance(Duration.ofMinutes(25));
    assertThat(browser.get("/t/who").body()).isEqualTo("bob");
    clock.advance(Duration.ofMinutes(25));
    assertThat(browser.get("/t/who").body()).isEqualTo("bob");
    clock.advance(Duration.ofMinutes(11)); // the token was good for one hour
    assertThat(browser.get("/t/who").body()).isEqualTo("nobody");
  }

  @Test
  void domainErrorsGetTheRestStatusAndTheirMessageOthersA500WithoutDetails() {
    Map<String, String> expected =
        Map.of(
            "400",
            "bad field &lt;b&gt;",
            "401",
            "invalid password",
            "403",
            "admin role required",
            "404",
            "key k not found",
            "409",
            "already initialized",
            "412",
            "not initialized",
            "429",
            "too many attempts",
            "503",
            "sealed",
            "500",
            "internal error");
    expected.forEach(
        (status, message) -> {
          HttpResponse<String> r = browser.get("/t/fail/" + status);
          assertThat(r.statusCode()).isEqualTo(Integer.parseInt(status));
          assertThat(r.body())
              .contains("<html", message)
              .doesNotContain("<b>", "Exception", "secret internals", "at dev.");
        });
    assertThat(browser.get("/t/fail/429").headers().firstValue("Retry-After")).hasValue("42");
  }

  @Test
  void htmxGetsErrorFragmentsAndRedirectsAsHxRedirect() {
    browser.get("/t");
    HttpResponse<String> fragment =
        browser.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/t/fail/403"))
                .header("HX-Request", "true"),
            false);
    assertThat(fragment.statusCode()).isEqualTo(403);
    assertThat(fragment.body()).startsWith("<div class=\"message error\"").doesNotContain("<html");
    HttpResponse<String> done =
        browser.post("/t/do", Map.of(), "X-CSRF-Token", browser.csrf, "HX-Request", "true");
    assertThat(done.statusCode()).isEqualTo(200);
    assertThat(done.headers().firstValue("HX-Redirect")).hasValue("/t");
  }

  @Test
  void anUnknownPageIsAnHtmlNotFoundForBrowsersOnly() {
    HttpResponse<String> page = browser.get("/no/such/page");
    assertThat(page.statusCode()).isEqualTo(404);
    assertThat(page.body()).contains("<html", "page not found");
    HttpResponse<String> api =
        browser.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/v1/nothing"))
                .header("Accept", "text/html"),
            false);
    assertThat(api.statusCode()).isEqualTo(404);
    assertThat(api.body()).doesNotContain("<html");
  }

  @Test
  void staticAssetsAreServedFromTheJar() {
    HttpResponse<String> js = browser.get("/static/htmx.min.js");
    assertThat(js.statusCode()).isEqualTo(200);
    assertThat(js.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
    assertThat(js.body()).startsWith("/*! htmx 2.0.11").contains("Zero-Clause BSD");
    assertThat(browser.get("/static/app.css").headers().firstValue("Content-Type"))
        .hasValue("text/css; charset=utf-8");
    assertThat(browser.get("/static/../templates/layout.peb").statusCode()).isEqualTo(404);
    assertThat(browser.get("/static/layout.peb").statusCode()).isEqualTo(404);
  }

  @Test
  void theStoreKeepsAtMostMaxSessions() {
    app.stop();
    start(new WebSettings("test", "Test", Duration.ofMinutes(30), Duration.ofHours(12), 3, clock));
    for (int i = 0; i < 10; i++) {
      new WebClient(URI.create("http://127.0.0.1:" + app.port() + "/"), COOKIE).get("/t");
      clock.advance(Duration.ofSeconds(1));
    }
    assertThat(sessions.size()).isLessThanOrEqualTo(3);
  }
}
