package dev.metacircular.web.identity;

import static dev.metacircular.web.identity.IdentityPagesFixture.PASSWORD;
import static dev.metacircular.web.identity.IdentityPagesFixture.group;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.ports.audit.AuditFilter;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.identity.Account;
import dev.metacircular.ports.identity.AccountStatus;
import dev.metacircular.ports.identity.SsoClientRegistration;
import dev.metacircular.ports.identity.TokenValidation;
import dev.metacircular.ports.identity.in.TokenExchange;
import dev.metacircular.ports.identity.in.TokenExchangeCommand;
import dev.metacircular.web.common.WebClient;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The identity pages over a real core and a real server, driven as a browser would. */
class IdentityWebUiTest {
  IdentityPagesFixture fx = new IdentityPagesFixture();

  @AfterEach
  void stop() {
    fx.close();
  }

  // --- login and logout -------------------------------------------------------------------

  @Test
  void aPasswordLoginSignsInOnAFreshSessionAndShowsTheProfile() {
    fx.human("alice", Role.USER);
    WebClient b = fx.browser();
    b.get("/login");
    String anonymous = b.cookie;
    HttpResponse<String> r =
        b.submit("/login", "username", "alice", "password", PASSWORD, "next", "/profile");
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).hasValue("/profile");
    assertThat(b.cookie).isNotEqualTo(anonymous);

    HttpResponse<String> profile = b.get("/profile");
    assertThat(profile.statusCode()).isEqualTo(200);
    assertThat(group(profile.body(), "id=\"profile-username\">([^<]*)<")).isEqualTo("alice");
    assertThat(group(profile.body(), "id=\"profile-roles\">([^<]*)<")).isEqualTo("user");
    assertThat(group(profile.body(), "id=\"token-expiry\">([^<]*)<"))
        .isEqualTo("2026-11-24 00:00:00 UTC");
    assertThat(profile.body()).contains("id=\"passkeys\"").doesNotContain("eyJ");
  }

  @Test
  void wrongPasswordAndUnknownUserGetTheSameAnswer() {
    fx.human("alice", Role.USER);
    WebClient b = fx.browser();
    HttpResponse<String> wrong = fx.signIn(b, "alice", "not the password at all");
    HttpResponse<String> unknown = fx.signIn(b, "mallory", "not the password at all");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(unknown.statusCode()).isEqualTo(401);
    assertThat(group(wrong.body(), "id=\"login-error\">([^<]*)<")).isEqualTo("invalid credentials");
    assertThat(group(unknown.body(), "id=\"login-error\">([^<]*)<"))
        .isEqualTo("invalid credentials");
    assertThat(wrong.body()).doesNotContain("not the password at all");
  }

  @Test
  void aLockedAccountIsRefusedWithRetryAfter() {
    fx.human("alice", Role.USER);
    WebClient b = fx.browser();
    for (int i = 0; i < 10; i++) {
      fx.signIn(b, "alice", "not the password at all");
    }
    HttpResponse<String> r = fx.signIn(b, "alice", PASSWORD);
    assertThat(r.statusCode()).isEqualTo(429);
    assertThat(r.headers().firstValue("Retry-After")).isPresent();
    assertThat(group(r.body(), "id=\"login-error\">([^<]*)<")).isEqualTo("account locked");
  }

  @Test
  void aLoginWithoutTheCsrfTokenIsRefusedAndSignsNobodyIn() {
    fx.human("alice", Role.USER);
    WebClient b = fx.browser();
    b.get("/login");
    HttpResponse<String> r = b.post("/login", Map.of("username", "alice", "password", PASSWORD));
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("invalid or missing CSRF token");
    assertThat(b.get("/profile").statusCode()).isEqualTo(303);
    assertThat(fx.core.audit().query(fx.tool, new AuditFilter(null, "login_success", null, 10)))
        .isEmpty();
  }

  @Test
  void pagesSendAnonymousVisitorsToTheLoginPageAndBack() {
    fx.human("alice", Role.USER);
    WebClient b = fx.browser();
    HttpResponse<String> r = b.get("/admin/audit?type=logout");
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location"))
        .hasValue("/login?next=%2Fadmin%2Faudit%3Ftype%3Dlogout");
    HttpResponse<String> login = b.get("/login?next=%2Fprofile");
    assertThat(login.body()).contains("name=\"next\" value=\"/profile\"");
  }

  @Test
  void theNextPageIsAlwaysOnThisServer() {
    fx.human("alice", Role.USER);
    for (String evil :
        new String[] {
          "//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"
        }) {
      WebClient b = fx.browser();
      b.get("/login");
      HttpResponse<String> r =
          b.submit("/login", "username", "alice", "password", PASSWORD, "next", evil);
      assertThat(r.headers().firstValue("Location")).as(evil).hasValue("/profile");
    }
  }

  @Test
  void logoutRevokesTheTokenAndEndsTheSession() {
    Account alice = fx.human("alice", Role.USER);
    WebClient b = fx.signedIn("alice");
    String jti = fx.core.tokenAdmin().list(fx.tool, alice.id()).get(0).jti();
    HttpResponse<String> r = b.submit("/logout");
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).hasValue("/login");
    assertThat(WebClient.setCookies(r)).anyMatch(c -> c.contains("Max-Age=0"));
    assertThat(b.cookie).isNull();
    assertThat(fx.core.tokenAdmin().list(fx.tool, alice.id()).get(0))
        .satisfies(t -> assertThat(t.jti()).isEqualTo(jti))
        .satisfies(t -> assertThat(t.revoked()).isTrue());
    assertThat(b.get("/profile").statusCode()).isEqualTo(303);
  }

  @Test
  void aRevokedTokenEndsTheSignInOnTheNextPage() {
    Account alice = fx.human("alice", Role.USER);
    WebClient b = fx.signedIn("alice");
    fx.core.tokenAdmin().revokeAll(fx.tool, alice.id(), "test");
    HttpResponse<String> r = b.get("/profile");
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(b.get("/login").body()).contains("your session has ended; sign in again");
  }

  // --- TOTP -------------------------------------------------------------------------------

  @Test
  void totpEnrolmentShowsAQrCodeOfTheUriThenLoginTakesTwoSteps() throws Exception {
    fx.human("alice", Role.USER);
    WebClient b = fx.signedIn("alice");
    assertThat(b.get("/profile").body()).contains("TOTP is <strong>off</strong>");

    HttpResponse<String> enrol = b.submit("/profile/totp/enrol", "password", PASSWORD);
    assertThat(enrol.statusCode()).isEqualTo(200);
    String secret = group(enrol.body(), "id=\"totp-secret\">([A-Z2-7]+)<");
    assertThat(IdentityPagesFixture.decodeQr(enrol.body()))
        .startsWith("otpauth://totp/")
        .contains("secret=" + secret);
    b.get("/profile");
    HttpResponse<String> confirmed = b.submit("/profile/totp/confirm", "code", fx.code(secret, 0));
    assertThat(confirmed.statusCode()).isEqualTo(303);
    assertThat(b.get("/profile").body())
        .contains("TOTP is <strong>on</strong>")
        .doesNotContain(secret);
    b.submit("/logout");

    // Step one: the password is right, so the page asks for a code; nothing secret in the page.
    WebClient next = fx.browser();
    HttpResponse<String> first = fx.signIn(next, "alice", PASSWORD);
    assertThat(first.statusCode()).isEqualTo(303);
    assertThat(first.headers().firstValue("Location")).hasValue("/login/totp");
    HttpResponse<String> codePage = next.get("/login/totp");
    assertThat(group(codePage.body(), "id=\"pending-user\">([^<]*)<")).isEqualTo("alice");
    assertThat(codePage.body()).doesNotContain(PASSWORD).doesNotContain("eyJ");
    assertThat(next.get("/profile").statusCode()).isEqualTo(303);

    // A wrong code: the REST wording, and the login stays pending for another try.
    HttpResponse<String> wrong =
        next.submit(
            "/login/totp", "code", "000000".equals(fx.code(secret, 1)) ? "111111" : "000000");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(group(wrong.body(), "id=\"login-error\">([^<]*)<")).isEqualTo("invalid credentials");

    // The right code of the next step (this step's code was used to confirm: replays are refused).
    fx.clock.advance(Duration.ofSeconds(30));
    next.get("/login/totp");
    HttpResponse<String> done = next.submit("/login/totp", "code", fx.code(secret, 0));
    assertThat(done.statusCode()).isEqualTo(303);
    assertThat(done.headers().firstValue("Location")).hasValue("/profile");
    assertThat(group(next.get("/profile").body(), "id=\"profile-username\">([^<]*)<"))
        .isEqualTo("alice");
  }

  @Test
  void aPendingTotpLoginExpiresAndBelongsToItsSessionOnly() throws Exception {
    fx.human("alice", Role.USER);
    WebClient b = fx.signedIn("alice");
    String secret =
        group(
            b.submit("/profile/totp/enrol", "password", PASSWORD).body(),
            "id=\"totp-secret\">([A-Z2-7]+)<");
    b.get("/profile");
    b.submit("/profile/totp/confirm", "code", fx.code(secret, 0));
    fx.clock.advance(Duration.ofSeconds(30));

    WebClient first = fx.browser();
    fx.signIn(first, "alice", PASSWORD);
    // Another browser (another session) has nothing pending.
    WebClient other = fx.browser();
    assertThat(other.get("/login/totp").statusCode()).isEqualTo(303);
    other.get("/login");
    HttpResponse<String> stolen = other.submit("/login/totp", "code", fx.code(secret, 0));
    assertThat(stolen.statusCode()).isEqualTo(401);
    assertThat(stolen.body()).contains("login expired; sign in again");

    fx.clock.advance(LoginFlow.PENDING_TTL);
    first.get("/login");
    HttpResponse<String> late = first.submit("/login/totp", "code", fx.code(secret, 0));
    assertThat(late.statusCode()).isEqualTo(401);
    assertThat(late.body()).contains("login expired; sign in again");
  }

  @Test
  void recoveryCodesAreShownOnceAndOneSignsInAtTheCodeStepOnce() throws Exception {
    fx.human("alice", Role.USER);
    WebClient b = fx.signedIn("alice");
    String secret =
        group(
            b.submit("/profile/totp/enrol", "password", PASSWORD).body(),
            "id=\"totp-secret\">([A-Z2-7]+)<");
    b.get("/profile");
    b.submit("/profile/totp/confirm", "code", fx.code(secret, 0));
    assertThat(group(b.get("/profile").body(), "id=\"recovery-codes-left\">[^<]*<strong>([0-9]+)<"))
        .isEqualTo("0");

    HttpResponse<String> shown = b.submit("/profile/recovery-codes", "password", PASSWORD);
    assertThat(shown.statusCode()).isEqualTo(200);
    java.util.List<String> codes = new java.util.ArrayList<>();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("class=\"recovery-code\">([0-9a-z-]+)<")
            .matcher(shown.body());
    while (m.find()) {
      codes.add(m.group(1));
    }
    assertThat(codes).hasSize(10);
    String profile = b.get("/profile").body();
    assertThat(group(profile, "id=\"recovery-codes-left\">[^<]*<strong>([0-9]+)<")).isEqualTo("10");
    for (String c : codes) {
      assertThat(profile).doesNotContain(c);
    }
    b.submit("/logout");

    WebClient next = fx.browser();
    fx.signIn(next, "alice", PASSWORD);
    assertThat(next.get("/login/totp").body()).contains("id=\"recovery-form\"");
    HttpResponse<String> done = next.submit("/login/totp", "code", codes.get(2));
    assertThat(done.statusCode()).isEqualTo(303);
    assertThat(done.headers().firstValue("Location")).hasValue("/profile");

    WebClient replay = fx.browser();
    fx.signIn(replay, "alice", PASSWORD);
    replay.get("/login/totp");
    HttpResponse<String> refused = replay.submit("/login/totp", "code", codes.get(2));
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(group(refused.body(), "id=\"login-error\">([^<]*)<"))
        .isEqualTo("invalid credentials");
  }

  @Test
  void removingTotpTurnsTheSecondStepOff() {
    fx.human("alice", Role.USER);
    WebClient b = fx.signedIn("alice");
    String secret =
        group(
            b.submit("/profile/totp/enrol", "password", PASSWORD).body(),
            "id=\"totp-secret\">([A-Z2-7]+)<");
    b.get("/profile");
    b.submit("/profile/totp/confirm", "code", fx.code(secret, 0));
    b.get("/profile");
    assertThat(b.submit("/profile/totp/remove").statusCode()).isEqualTo(303);
    assertThat(b.get("/profile").body()).contains("TOTP is <strong>off</strong>");
    WebClient next = fx.browser();
    assertThat(fx.signIn(next, "alice", PASSWORD).headers().firstValue("Location"))
        .hasValue("/profile");
  }

  @Test
  void totpEnrolmentNeedsTheCurrentPassword() {
    fx.human("alice", Role.USER);
    WebClient b = fx.signedIn("alice");
    HttpResponse<String> r = b.submit("/profile/totp/enrol", "password", "wrong password here");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("invalid credentials").doesNotContain("<svg");
  }

  @Test
  void aWrongConfirmationCodeCanBeRetriedWithoutShowingTheSecretAgain() {
    fx.human("alice", Role.USER);
    WebClient b = fx.signedIn("alice");
    String secret =
        group(
            b.submit("/profile/totp/enrol", "password", PASSWORD).body(),
            "id=\"totp-secret\">([A-Z2-7]+)<");
    b.get("/profile");
    String right = fx.code(secret, 0);
    HttpResponse<String> wrong =
        b.submit("/profile/totp/confirm", "code", "000000".equals(right) ? "111111" : "000000");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(group(wrong.body(), "id=\"totp-error\">([^<]*)<")).isEqualTo("invalid totp code");
    assertThat(wrong.body()).doesNotContain(secret).doesNotContain("<svg");
    assertThat(b.submit("/profile/totp/confirm", "code", "12ab").statusCode()).isEqualTo(400);
    assertThat(b.submit("/profile/totp/confirm", "code", right).statusCode()).isEqualTo(303);
    assertThat(b.get("/profile").body()).contains("TOTP is <strong>on</strong>");
  }

  // --- password change --------------------------------------------------------------------

  @Test
  void changingTheOwnPasswordNeedsTheCurrentOne() {
    fx.human("alice", Role.USER);
    WebClient b = fx.signedIn("alice");
    String next = "another long enough password";
    assertThat(
            b.submit(
                    "/profile/password",
                    "current_password",
                    "wrong password here",
                    "new_password",
                    next,
                    "new_password_again",
                    next)
                .statusCode())
        .isEqualTo(401);
    HttpResponse<String> mismatch =
        b.submit(
            "/profile/password",
            "current_password",
            PASSWORD,
            "new_password",
            next,
            "new_password_again",
            next + "!");
    assertThat(mismatch.statusCode()).isEqualTo(400);
    assertThat(mismatch.body()).contains("the new passwords do not match");
    assertThat(
            b.submit(
                    "/profile/password",
                    "current_password",
                    PASSWORD,
                    "new_password",
                    "short",
                    "new_password_again",
                    "short")
                .statusCode())
        .isEqualTo(400);
    HttpResponse<String> ok =
        b.submit(
            "/profile/password",
            "current_password",
            PASSWORD,
            "new_password",
            next,
            "new_password_again",
            next);
    assertThat(ok.statusCode()).isEqualTo(303);
    assertThat(b.get("/profile").body()).contains("password changed");
    assertThat(fx.signIn(fx.browser(), "alice", PASSWORD).statusCode()).isEqualTo(401);
    assertThat(fx.signIn(fx.browser(), "alice", next).statusCode()).isEqualTo(303);
  }

  // --- single sign-on: /sso/authorize ------------------------------------------------------

  static final String CALLBACK = "https://metacrypt.test/sso/callback";
  static final String VERIFIER = "a-pkce-verifier-that-is-long-enough-0123456789";

  char[] registerClient() {
    SsoClientRegistration reg =
        fx.core.ssoClients().register(fx.tool, "metacrypt", "metacrypt", List.of(CALLBACK));
    return reg.clientSecret().clone();
  }

  static String[] ssoParams(String redirectUri) throws Exception {
    String challenge =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                MessageDigest.getInstance("SHA-256")
                    .digest(VERIFIER.getBytes(StandardCharsets.US_ASCII)));
    return new String[] {
      "response_type",
      "code",
      "client_id",
      "metacrypt",
      "redirect_uri",
      redirectUri,
      "state",
      "state-123",
      "code_challenge",
      challenge,
      "code_challenge_method",
      "S256"
    };
  }

  static String query(String[] params) {
    StringBuilder q = new StringBuilder("/sso/authorize?");
    for (int i = 0; i < params.length; i += 2) {
      q.append(params[i])
          .append('=')
          .append(URLEncoder.encode(params[i + 1], StandardCharsets.UTF_8))
          .append('&');
    }
    return q.substring(0, q.length() - 1);
  }

  static String[] with(String[] params, String... more) {
    String[] all = Arrays.copyOf(params, params.length + more.length);
    System.arraycopy(more, 0, all, params.length, more.length);
    return all;
  }

  /** The code in the way back to the client, after checking it goes to the registered URI. */
  static String codeIn(HttpResponse<String> back) {
    assertThat(back.statusCode()).isEqualTo(200);
    assertThat(back.headers().firstValue("Location")).isEmpty();
    String location =
        group(back.body(), "id=\"sso-return\" href=\"([^\"]*)\"").replace("&amp;", "&");
    assertThat(location).startsWith(CALLBACK + "?").contains("state=state-123");
    return group(location, "[?&]code=([^&]*)");
  }

  String enrolTotp(String username) {
    WebClient b = fx.signedIn(username);
    String secret =
        group(
            b.submit("/profile/totp/enrol", "password", PASSWORD).body(),
            "id=\"totp-secret\">([A-Z2-7]+)<");
    b.get("/profile");
    b.submit("/profile/totp/confirm", "code", fx.code(secret, 0));
    fx.clock.advance(Duration.ofSeconds(30));
    return secret;
  }

  @Test
  void anSsoLoginTakesTheSameTotpStepAndEndsByIssuingTheCode() throws Exception {
    fx.human("alice", Role.USER);
    String secret = enrolTotp("alice");
    char[] clientSecret = registerClient();
    String[] params = ssoParams(CALLBACK);
    WebClient b = fx.browser();
    HttpResponse<String> page = b.get(query(params));
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("Sign in to metacrypt", "id=\"passkey-login\"");

    HttpResponse<String> wrong =
        b.submit("/sso/authorize", with(params, "username", "alice", "password", "wrong one"));
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(group(wrong.body(), "id=\"login-error\">([^<]*)<")).isEqualTo("invalid credentials");

    // The password is right: the code step of LoginFlow, carrying the request, not the password.
    HttpResponse<String> codePage =
        b.submit("/sso/authorize", with(params, "username", "alice", "password", PASSWORD));
    assertThat(codePage.statusCode()).isEqualTo(200);
    assertThat(codePage.body())
        .contains(
            "action=\"/sso/authorize/totp\"", "id=\"pending-user\">alice<", "value=\"state-123\"")
        .doesNotContain(PASSWORD);

    HttpResponse<String> badCode =
        b.submit(
            "/sso/authorize/totp",
            with(params, "code", "000000".equals(fx.code(secret, 0)) ? "111111" : "000000"));
    assertThat(badCode.statusCode()).isEqualTo(401);
    assertThat(badCode.body()).contains("action=\"/sso/authorize/totp\"");

    String code = codeIn(b.submit("/sso/authorize/totp", with(params, "code", fx.code(secret, 0))));
    TokenExchange exchanged =
        fx.core
            .sso()
            .exchange(
                new TokenExchangeCommand(
                    "authorization_code",
                    code,
                    CALLBACK,
                    "metacrypt",
                    clientSecret,
                    VERIFIER,
                    "127.0.0.1"));
    assertThat(exchanged).isInstanceOf(TokenExchange.Issued.class);
    // The identity service's own session is signed in too.
    assertThat(group(b.get("/profile").body(), "id=\"profile-username\">([^<]*)<"))
        .isEqualTo("alice");
  }

  @Test
  void anUnregisteredRedirectUriIsAnErrorPageOnEveryStepAndSignsNobodyIn() throws Exception {
    fx.human("alice", Role.USER);
    registerClient();
    String[] evil = ssoParams("https://evil.example/sso/callback");
    WebClient b = fx.browser();
    HttpResponse<String> shown = b.get(query(evil));
    assertThat(shown.statusCode()).isEqualTo(400);
    assertThat(shown.headers().firstValue("Location")).isEmpty();
    assertThat(group(shown.body(), "id=\"sso-error\">([^<]*)<")).contains("not registered");

    b.get("/login");
    HttpResponse<String> posted =
        b.submit("/sso/authorize", with(evil, "username", "alice", "password", PASSWORD));
    assertThat(posted.statusCode()).isEqualTo(400);
    assertThat(posted.body()).doesNotContain("evil.example/sso/callback?");
    assertThat(b.get("/profile").statusCode()).isEqualTo(303);
    // Exact match only: the registered URI with a trailing slash is not registered.
    assertThat(b.get(query(ssoParams(CALLBACK + "/"))).statusCode()).isEqualTo(400);
  }

  @Test
  void aSignedInPersonContinuesByPostOnlyAGetNeverIssuesACode() throws Exception {
    fx.human("alice", Role.USER);
    registerClient();
    String[] params = ssoParams(CALLBACK);
    WebClient b = fx.signedIn("alice");
    HttpResponse<String> page = b.get(query(params));
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("Continue as alice").doesNotContain("code=");
    assertThat(codeIn(b.submit("/sso/authorize/continue", params))).isNotEmpty();

    WebClient anonymous = fx.browser();
    anonymous.get(query(params));
    HttpResponse<String> refused = anonymous.submit("/sso/authorize/continue", params);
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.body()).contains("sign in first").doesNotContain("sso-return");
  }

  // --- passkeys ----------------------------------------------------------------------------

  @Test
  void passkeyEndpointsAnswerJsonAndRegistrationNeedsASignIn() {
    fx.human("alice", Role.USER);
    WebClient anonymous = fx.browser();
    anonymous.get("/login");
    HttpResponse<String> refused = anonymous.submit("/profile/passkeys/start");
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.body()).isEqualTo("{\"error\":\"sign in first\"}");

    HttpResponse<String> options = anonymous.submit("/login/passkey/start", "username", "alice");
    assertThat(options.statusCode()).isEqualTo(200);
    assertThat(options.body()).startsWith("{\"request_id\":\"").contains("\"challenge\"");
    HttpResponse<String> forged =
        anonymous.submit(
            "/login/passkey/finish",
            "request_id",
            group(options.body(), "\"request_id\":\"([^\"]*)\""),
            "credential",
            "{}",
            "next",
            "/profile");
    assertThat(forged.statusCode()).isBetween(400, 401);
    assertThat(forged.body()).startsWith("{\"error\":");
    assertThat(anonymous.get("/profile").statusCode()).isEqualTo(303);

    WebClient alice = fx.signedIn("alice");
    HttpResponse<String> registration = alice.submit("/profile/passkeys/start");
    assertThat(registration.statusCode()).isEqualTo(200);
    assertThat(registration.body()).contains("\"challenge\"", "\"name\":\"alice\"");
    assertThat(alice.get("/profile").body()).contains("id=\"no-passkeys\"");
  }

  // --- admin pages ------------------------------------------------------------------------

  @Test
  void adminPagesAre403ForUsers() {
    Account bob = fx.human("bob", Role.USER);
    WebClient b = fx.signedIn("bob");
    for (String page :
        new String[] {
          "/admin/accounts",
          "/admin/accounts/" + bob.id(),
          "/admin/tokens",
          "/admin/policy",
          "/admin/audit"
        }) {
      HttpResponse<String> r = b.get(page);
      assertThat(r.statusCode()).as(page).isEqualTo(403);
      assertThat(r.body()).as(page).contains(CallerPages.ADMIN_ONLY);
    }
    HttpResponse<String> create =
        b.submit("/admin/accounts", "username", "eve", "account_type", "human", "roles", "admin");
    assertThat(create.statusCode()).isEqualTo(403);
    assertThat(
            b.submit("/admin/accounts/" + bob.id() + "/roles/grant", "role", "admin").statusCode())
        .isEqualTo(403);
    assertThat(fx.core.accounts().list(fx.tool))
        .extracting(Account::username)
        .containsExactly("bob");
    assertThat(fx.core.accounts().get(fx.tool, bob.id()).roles()).containsExactly(Role.USER);
  }

  @Test
  void anAdminPostWithoutTheCsrfTokenIsRefused() {
    fx.human("root", Role.ADMIN);
    WebClient b = fx.signedIn("root");
    HttpResponse<String> r =
        b.post("/admin/accounts", Map.of("username", "eve", "account_type", "human"));
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(fx.core.accounts().list(fx.tool))
        .extracting(Account::username)
        .containsExactly("root");
  }

  @Test
  void anAdminManagesAnAccountFromCreationToDeletion() {
    fx.human("root", Role.ADMIN);
    WebClient b = fx.signedIn("root");
    HttpResponse<String> created =
        b.submit(
            "/admin/accounts",
            "username",
            "carol",
            "account_type",
            "human",
            "password",
            "carol's long password",
            "roles",
            "user");
    assertThat(created.statusCode()).isEqualTo(303);
    String page = created.headers().firstValue("Location").orElseThrow();
    UUID id = UUID.fromString(page.substring("/admin/accounts/".length()));
    HttpResponse<String> detail = b.get(page);
    assertThat(detail.body()).contains("account carol created");
    assertThat(group(detail.body(), "id=\"account-username\">([^<]*)<")).isEqualTo("carol");
    assertThat(b.get("/admin/accounts").body()).contains(">carol</a>");

    assertThat(b.submit(page + "/roles/grant", "role", "guest").statusCode()).isEqualTo(303);
    b.get(page);
    b.submit(page + "/roles/revoke", "role", "user");
    assertThat(fx.core.accounts().get(fx.tool, id).roles()).containsExactly(Role.GUEST);
    b.get(page);
    b.submit(page + "/status", "status", "inactive");
    assertThat(fx.core.accounts().get(fx.tool, id).status()).isEqualTo(AccountStatus.INACTIVE);
    b.get(page);
    b.submit(page + "/password", "password", "a brand new password");
    b.get(page);
    b.submit(page + "/status", "status", "active");
    assertThat(fx.signIn(fx.browser(), "carol", "a brand new password").statusCode())
        .isEqualTo(303);
    b.get(page);
    HttpResponse<String> dup =
        b.submit("/admin/accounts", "username", "carol", "account_type", "human");
    assertThat(dup.statusCode()).isEqualTo(409);
    b.get(page);
    assertThat(b.submit(page + "/delete").headers().firstValue("Location"))
        .hasValue("/admin/accounts");
    assertThat(fx.core.accounts().get(fx.tool, id).status()).isEqualTo(AccountStatus.DELETED);
    assertThat(b.get("/admin/accounts/not-a-uuid").statusCode()).isEqualTo(400);
    assertThat(b.get("/admin/accounts/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
  }

  @Test
  void aServiceTokenIsShownOnceAndWorks() {
    fx.human("root", Role.ADMIN);
    WebClient b = fx.signedIn("root");
    HttpResponse<String> created =
        b.submit("/admin/accounts", "username", "deploy-bot", "account_type", "system");
    String page = created.headers().firstValue("Location").orElseThrow();
    b.get("/admin/tokens");
    HttpResponse<String> issued =
        b.submit(
            "/admin/tokens/issue",
            "account_id",
            page.substring("/admin/accounts/".length()),
            "ttl",
            "720h");
    assertThat(issued.statusCode()).isEqualTo(200);
    assertThat(issued.body()).contains("only once");
    String token = group(issued.body(), "id=\"issued-token\" readonly>([^<]+)<");
    String jti = group(issued.body(), "id=\"issued-jti\">([^<]+)<");
    assertThat(fx.core.tokens().validate(token)).isInstanceOf(TokenValidation.Valid.class);

    HttpResponse<String> detail = b.get(page);
    assertThat(detail.body()).contains(jti).doesNotContain(token);
    assertThat(b.get("/admin/tokens").body()).doesNotContain(token);

    HttpResponse<String> revoked = b.submit("/admin/tokens/revoke", "jti", jti, "reason", "leaked");
    assertThat(revoked.statusCode()).isEqualTo(303);
    assertThat(fx.core.tokens().validate(token).valid()).isFalse();
    b.get("/admin/tokens");
    assertThat(b.submit("/admin/tokens/revoke", "jti", "no-such-jti").statusCode()).isEqualTo(404);
    b.get("/admin/tokens");
    HttpResponse<String> human =
        b.submit(
            "/admin/tokens/issue",
            "account_id",
            fx.core.accounts().getByUsername(fx.tool, "root").id().toString());
    assertThat(human.statusCode()).isEqualTo(400);
    assertThat(b.submit(page + "/tokens/issue", "ttl", "soon").statusCode()).isEqualTo(400);
  }

  @Test
  void anAdminManagesTheLoginPolicyAndExplainsADecision() {
    fx.human("root", Role.ADMIN);
    WebClient b = fx.signedIn("root");
    assertThat(b.get("/admin/policy").body()).contains("default-allow-login");
    HttpResponse<String> created =
        b.submit(
            "/admin/policy/rules",
            "id",
            "no-guests",
            "priority",
            "10",
            "effect",
            "deny",
            "roles",
            "guest",
            "actions",
            "login");
    assertThat(created.statusCode()).isEqualTo(303);
    assertThat(b.get("/admin/policy").body()).contains("no-guests");

    HttpResponse<String> explained =
        b.submit(
            "/admin/policy/explain",
            "username",
            "gary",
            "roles",
            "guest",
            "account_type",
            "human",
            "action",
            "login");
    assertThat(explained.statusCode()).isEqualTo(200);
    assertThat(group(explained.body(), "id=\"decision\"[^>]*>([^<]*)<")).isEqualTo("deny");
    assertThat(group(explained.body(), "id=\"matched-rule\">([^<]*)<")).isEqualTo("no-guests");

    HttpResponse<String> fragment =
        b.post(
            "/admin/policy/explain",
            Map.of("username", "ann", "roles", "user", "action", "login"),
            "X-CSRF-Token",
            b.csrf,
            "HX-Request",
            "true");
    assertThat(fragment.body())
        .startsWith("<div class=\"result\" id=\"explanation\">")
        .contains("default-allow-login");

    b.get("/admin/policy");
    assertThat(b.submit("/admin/policy/rules", "priority", "x", "effect", "allow").statusCode())
        .isEqualTo(400);
    b.get("/admin/policy");
    b.submit("/admin/policy/rules", "id", "team/a b?c", "effect", "allow", "usernames", "zed");
    assertThat(b.get("/admin/policy").body()).contains("name=\"id\" value=\"team/a b?c\"");
    assertThat(b.submit("/admin/policy/rules/delete", "id", "team/a b?c").statusCode())
        .isEqualTo(303);
    b.get("/admin/policy");
    b.submit("/admin/policy/rules/delete", "id", "no-guests");
    assertThat(b.get("/admin/policy").body())
        .doesNotContain("value=\"no-guests\"")
        .doesNotContain("value=\"team/a b?c\"");
    assertThat(b.submit("/admin/policy/rules/delete", "id", "no-guests").statusCode())
        .isEqualTo(404);
  }

  @Test
  void theAuditPageFiltersAndPages() {
    fx.human("root", Role.ADMIN);
    WebClient b = fx.signedIn("root");
    for (int i = 0; i < 60; i++) {
      fx.signIn(fx.browser(), "root", "a wrong password " + i);
    }
    HttpResponse<String> first = b.get("/admin/audit?type=login_failure");
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body().split("<td>login_failure</td>", -1)).hasSize(51);
    assertThat(first.body()).contains("id=\"audit-next\"").doesNotContain("id=\"audit-previous\"");
    String older = group(first.body(), "href=\"([^\"]*)\" id=\"audit-next\"").replace("&amp;", "&");
    HttpResponse<String> second = b.get(older);
    assertThat(second.body().split("<td>login_failure</td>", -1)).hasSize(11);
    assertThat(second.body()).contains("id=\"audit-previous\"").doesNotContain("id=\"audit-next\"");
    assertThat(b.get("/admin/audit?since=yesterday").statusCode()).isEqualTo(400);
    assertThat(b.get("/admin/audit?page=-1").statusCode()).isEqualTo(400);
  }
}
