package dev.metacircular.apps.web;

import static dev.metacircular.apps.web.CryptoWebEnvironment.SEAL_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.apps.identity.TestServer;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.engine.in.EngineRequest;
import dev.metacircular.ports.identity.TokenRecord;
import dev.metacircular.rest.EngineDispatcher;
import dev.metacircular.web.common.PageHeaders;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crypto pages over the real TLS server and core, with a plain HTTP client: state redirects,
 * every refusal's status and message, the full header set on pages (the page CSP over
 * SecureJavalin's headers) while the API keeps its own, CSRF, non-admins, the seal gate, token
 * revocation and logout. The happy path in a real browser is {@link CryptoWebBrowserTest}.
 */
class CryptoWebPagesTest {
  static final String PASSWORD = TestServer.PASSWORD;

  @TempDir Path dir;
  CryptoWebEnvironment env;
  PageClient root;

  @BeforeEach
  void start() {
    env = new CryptoWebEnvironment(dir);
    root = client();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  PageClient client() {
    return new PageClient(env.baseUrl(), env.cert);
  }

  void init() {
    root.get("/init");
    HttpResponse<String> r =
        root.submit("/init", "password", SEAL_PASSWORD, "confirm", SEAL_PASSWORD);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
  }

  static void signIn(PageClient c, String user) {
    c.get("/login");
    HttpResponse<String> r = c.submit("/login", "username", user, "password", PASSWORD);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).hasValue("/dashboard");
  }

  static String location(HttpResponse<?> r) {
    return r.headers().firstValue("Location").orElse(null);
  }

  @Test
  void everyPageFollowsTheStateFromUninitializedToUnsealed() {
    for (String path :
        List.of("/", "/login", "/unseal", "/dashboard", "/transit/transit", "/policy")) {
      HttpResponse<String> r = root.get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(303);
      assertThat(location(r)).as(path).isEqualTo("/init");
    }
    assertThat(root.get("/init").body()).contains("id=\"init-form\"");
    HttpResponse<String> mismatch =
        root.submit("/init", "password", SEAL_PASSWORD, "confirm", SEAL_PASSWORD + "x");
    assertThat(mismatch.statusCode()).isEqualTo(400);
    assertThat(mismatch.body()).contains("the two passwords do not match", "id=\"init-form\"");
    HttpResponse<String> tooShort = root.submit("/init", "password", "short", "confirm", "short");
    assertThat(tooShort.statusCode()).isEqualTo(400);
    assertThat(root.submit("/init").statusCode()).isEqualTo(400);
    assertThat(env.crypto.core().seal().state().wireName()).isEqualTo("uninitialized");

    HttpResponse<String> done =
        root.submit("/init", "password", SEAL_PASSWORD, "confirm", SEAL_PASSWORD);
    assertThat(location(done)).isEqualTo("/login");
    assertThat(root.follow(done).body()).contains("Initialized and unsealed");
    assertThat(location(root.get("/init"))).isEqualTo("/");
    HttpResponse<String> again =
        root.submit("/init", "password", SEAL_PASSWORD, "confirm", SEAL_PASSWORD);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.body()).contains("already initialized");
    assertThat(location(root.get("/"))).isEqualTo("/login");
    assertThat(location(root.get("/dashboard"))).isEqualTo("/login");
    signIn(root, "root");
    assertThat(location(root.get("/"))).isEqualTo("/dashboard");
    assertThat(location(root.get("/login"))).isEqualTo("/dashboard");
  }

  @Test
  void pagesCarryThePageCspAndEveryServerHeaderWhileTheApiKeepsItsOwn() {
    init();
    signIn(root, "root");
    for (String path : List.of("/dashboard", "/policy", "/no/such/page", "/transit/missing")) {
      HttpResponse<String> r = root.get(path);
      assertThat(r.headers().firstValue("Content-Security-Policy"))
          .as(path)
          .hasValue(PageHeaders.CONTENT_SECURITY_POLICY);
      assertThat(r.headers().firstValue("Strict-Transport-Security"))
          .as(path)
          .hasValue("max-age=31536000; includeSubDomains");
      assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
      assertThat(r.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
      assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("DENY");
      assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
      assertThat(r.headers().firstValue("Server")).isEmpty();
      assertThat(r.body()).contains("<html").doesNotContain("Exception", "at dev.");
    }
    HttpResponse<String> forged = root.forged("/seal");
    assertThat(forged.headers().firstValue("Content-Security-Policy"))
        .hasValue(PageHeaders.CONTENT_SECURITY_POLICY);
    assertThat(forged.headers().firstValue("Strict-Transport-Security")).isPresent();
    HttpResponse<String> api = root.get("/v1/status");
    assertThat(api.body()).isEqualTo("{\"state\":\"unsealed\"}");
    assertThat(api.headers().firstValue("Content-Security-Policy").orElseThrow())
        .startsWith("default-src 'none'");
    HttpResponse<String> apiMissing = root.get("/v1/nothing");
    assertThat(apiMissing.statusCode()).isEqualTo(404);
    assertThat(apiMissing.body()).isEqualTo("{\"error\":\"not found\"}");
  }

  @Test
  void aPostWithoutTheCsrfTokenChangesNothing() {
    assertThat(
            root.forged("/init", "password", SEAL_PASSWORD, "confirm", SEAL_PASSWORD).statusCode())
        .isEqualTo(403);
    assertThat(env.crypto.core().seal().state().wireName()).isEqualTo("uninitialized");
    init();
    signIn(root, "root");
    HttpResponse<String> seal = root.forged("/seal");
    assertThat(seal.statusCode()).isEqualTo(403);
    assertThat(seal.body()).contains("invalid or missing CSRF token");
    assertThat(root.forged("/mounts", "name", "evil", "type", "transit").statusCode())
        .isEqualTo(403);
    assertThat(env.crypto.core().seal().state().wireName()).isEqualTo("unsealed");
    assertThat(env.crypto.core().mounts().list(Caller.offlineTool("test"))).isEmpty();
    // GET never changes state: there is no GET route for an action.
    assertThat(root.get("/seal").statusCode()).isIn(404, 405);
    assertThat(env.crypto.core().seal().state().wireName()).isEqualTo("unsealed");
  }

  @Test
  void transitThroughThePagesAndTheApiAgree() {
    init();
    signIn(root, "root");
    root.get("/dashboard");
    assertThat(location(root.submit("/mounts", "name", "transit", "type", "transit")))
        .isEqualTo("/dashboard");
    assertThat(root.get("/dashboard").body()).contains("data-mount=\"transit\"");
    root.get("/transit/transit");
    HttpResponse<String> created =
        root.htmx("/transit/transit/keys", "name", "k", "type", "chacha20-poly1305");
    assertThat(created.headers().firstValue("HX-Redirect")).hasValue("/transit/transit");
    HttpResponse<String> duplicate =
        root.htmx("/transit/transit/keys", "name", "k", "type", "aes256-gcm");
    assertThat(duplicate.statusCode()).isEqualTo(409);
    assertThat(duplicate.body())
        .startsWith("<div class=\"message error\"")
        .contains("key k already exists")
        .doesNotContain("<html");

    HttpResponse<String> encrypted =
        root.htmx(
            "/transit/transit/encrypt", "key", "k", "plaintext", "web secret", "context", "ctx");
    assertThat(encrypted.statusCode()).as(encrypted.body()).isEqualTo(200);
    String ciphertext = between(encrypted.body(), "id=\"ciphertext-out\" class=\"mono\">", "<");
    assertThat(ciphertext).startsWith("metacrypt:v1:");
    // The API decrypts what the page encrypted (the context was sent as its UTF-8 bytes).
    Map<String, Object> api =
        new EngineDispatcher(env.crypto.core().operations())
            .handle(
                Caller.offlineTool("test"),
                new EngineRequest(
                    "transit",
                    "decrypt",
                    Map.of(
                        "key",
                        "k",
                        "ciphertext",
                        ciphertext,
                        "context",
                        Base64.getEncoder().encodeToString("ctx".getBytes()))));
    assertThat(new String(Base64.getDecoder().decode((String) api.get("plaintext"))))
        .isEqualTo("web secret");
    HttpResponse<String> wrongContext =
        root.htmx("/transit/transit/decrypt", "key", "k", "ciphertext", ciphertext);
    assertThat(wrongContext.statusCode()).isEqualTo(400);
    assertThat(wrongContext.body()).contains("could not be decrypted");

    // Binary plaintext (not UTF-8) is shown as base64.
    Map<String, Object> binary =
        new EngineDispatcher(env.crypto.core().operations())
            .handle(
                Caller.offlineTool("test"),
                new EngineRequest("transit", "encrypt", Map.of("key", "k", "plaintext", "/w==")));
    HttpResponse<String> shown =
        root.htmx(
            "/transit/transit/decrypt",
            "key",
            "k",
            "ciphertext",
            (String) binary.get("ciphertext"));
    assertThat(shown.body()).contains("not UTF-8 text", ">/w==<");

    // Without htmx the same form answers a whole page.
    HttpResponse<String> page =
        root.submit(
            "/transit/transit/decrypt", "key", "k", "ciphertext", ciphertext, "context", "ctx");
    assertThat(page.body()).contains("<html", "id=\"plaintext-out\">web secret<");

    assertThat(location(root.submit("/transit/transit/keys/k/rotate")))
        .isEqualTo("/transit/transit");
    assertThat(root.get("/transit/transit").body()).contains("Rotated key k to version 2");
    assertThat(root.submit("/transit/transit/keys/nope/rotate").statusCode()).isEqualTo(404);
    assertThat(root.get("/transit/missing").statusCode()).isEqualTo(404);
    assertThat(root.get("/transit/Bad%20Name").statusCode()).isEqualTo(400);

    assertThat(location(root.submit("/mounts/transit/unmount"))).isEqualTo("/dashboard");
    assertThat(root.get("/dashboard").body())
        .doesNotContain("data-mount=\"transit\"")
        .contains("Unmounted transit");
  }

  @Test
  void aNonAdminSeesNoAdminControlsAndTheCoreRefusesThem() {
    init();
    signIn(root, "root");
    root.get("/dashboard");
    root.submit("/mounts", "name", "transit", "type", "transit");
    PageClient alice = client();
    signIn(alice, "alice");
    HttpResponse<String> dash = alice.get("/dashboard");
    assertThat(dash.statusCode()).isEqualTo(200);
    assertThat(dash.body())
        .contains("id=\"signed-in-as\">alice<", "needs the admin role")
        .doesNotContain("id=\"seal-form\"", "id=\"mount-form\"", "href=\"/policy\"");
    assertThat(alice.submit("/seal").statusCode()).isEqualTo(403);
    assertThat(alice.submit("/mounts", "name", "x", "type", "transit").statusCode()).isEqualTo(403);
    assertThat(alice.get("/policy").statusCode()).isEqualTo(403);
    assertThat(location(alice.get("/transit?mount=transit"))).isEqualTo("/transit/transit");
    HttpResponse<String> transit = alice.get("/transit/transit");
    assertThat(transit.statusCode()).isEqualTo(200);
    assertThat(transit.body()).contains("id=\"keys-error\"", "permission denied");
    assertThat(alice.htmx("/transit/transit/encrypt", "key", "k", "plaintext", "x").statusCode())
        .isEqualTo(403);
    assertThat(env.crypto.core().seal().state().wireName()).isEqualTo("unsealed");

    root.get("/policy");
    assertThat(
            location(
                root.submit(
                    "/policy/rules",
                    "id",
                    "alice-enc",
                    "priority",
                    "10",
                    "effect",
                    "allow",
                    "usernames",
                    "alice",
                    "mounts",
                    "transit",
                    "actions",
                    "encrypt, create-key")))
        .isEqualTo("/policy");
    assertThat(root.submit("/policy/rules", "priority", "ten", "effect", "allow").statusCode())
        .isEqualTo(400);
    assertThat(root.submit("/policy/rules", "effect", "maybe").statusCode()).isEqualTo(400);
    HttpResponse<String> explained =
        root.htmx(
            "/policy/explain",
            "username",
            "alice",
            "roles",
            "user",
            "service",
            "metacrypt",
            "mount",
            "transit",
            "action",
            "encrypt");
    assertThat(explained.body())
        .contains("id=\"decision\">allow<", "id=\"explain-rule\">alice-enc<");
    assertThat(location(alice.htmx("/transit/transit/keys", "name", "k", "type", "aes256-gcm")))
        .isNull();
    assertThat(alice.htmx("/transit/transit/encrypt", "key", "k", "plaintext", "x").statusCode())
        .isEqualTo(200);
    assertThat(alice.htmx("/transit/transit/decrypt", "key", "k", "ciphertext", "x").statusCode())
        .isEqualTo(403);
    assertThat(location(root.submit("/policy/rules", "id", "team/a b?c", "effect", "deny")))
        .isEqualTo("/policy");
    assertThat(root.get("/policy").body()).contains("data-rule=\"team/a b?c\"");
    assertThat(location(root.submit("/policy/rules/delete", "id", "team/a b?c")))
        .isEqualTo("/policy");
    assertThat(location(root.submit("/policy/rules/delete", "id", "alice-enc")))
        .isEqualTo("/policy");
    assertThat(root.submit("/policy/rules/delete", "id", "alice-enc").statusCode()).isEqualTo(404);
    assertThat(root.submit("/policy/rules/delete").statusCode()).isEqualTo(400);
  }

  @Test
  void whileSealedPagesShowTheUnsealFormAndUnsealIsRateLimited() {
    init();
    signIn(root, "root");
    root.get("/dashboard");
    assertThat(location(root.submit("/seal"))).isEqualTo("/unseal");
    assertThat(root.get("/unseal").body()).contains("Sealed.", "id=\"unseal-form\"");
    HttpResponse<String> page = root.get("/dashboard");
    assertThat(page.statusCode()).isEqualTo(503);
    assertThat(page.body()).contains("id=\"unseal-form\"");
    HttpResponse<String> action =
        root.htmx("/transit/transit/encrypt", "key", "k", "plaintext", "x");
    assertThat(action.headers().firstValue("HX-Redirect")).hasValue("/unseal");
    assertThat(location(root.get("/login"))).isNull();
    assertThat(root.get("/login").statusCode()).isEqualTo(503);

    for (int i = 0; i < 5; i++) {
      HttpResponse<String> wrong = root.submit("/unseal", "password", "wrong password!");
      assertThat(wrong.statusCode()).isEqualTo(401);
      assertThat(wrong.body()).contains("invalid password");
    }
    HttpResponse<String> locked = root.submit("/unseal", "password", SEAL_PASSWORD);
    assertThat(locked.statusCode()).isEqualTo(429);
    assertThat(locked.body()).contains("too many attempts");
    assertThat(locked.headers().firstValue("Retry-After")).isPresent();
    assertThat(root.submit("/unseal").statusCode()).isEqualTo(400);
  }

  @Test
  void aRevokedTokenEndsTheSignInAndLogoutRevokesIt() {
    init();
    signIn(root, "root");
    var rootId = env.identity.server.core().accounts().getByUsername(TestServer.SETUP, "root").id();
    env.identity.server.core().tokenAdmin().revokeAll(TestServer.SETUP, rootId, "test");
    HttpResponse<String> bounced = root.get("/dashboard");
    assertThat(location(bounced)).isEqualTo("/login");
    assertThat(root.get("/login").body()).contains("no longer valid");

    signIn(root, "root");
    String signedInCookie = root.cookie;
    root.get("/dashboard");
    HttpResponse<String> out = root.submit("/logout");
    assertThat(location(out)).isEqualTo("/login");
    assertThat(out.headers().allValues("Set-Cookie")).anyMatch(c -> c.contains("Max-Age=0"));
    List<TokenRecord> tokens =
        env.identity.server.core().tokenAdmin().list(TestServer.SETUP, rootId);
    assertThat(tokens).isNotEmpty().allMatch(TokenRecord::revoked);
    root.cookie = signedInCookie;
    assertThat(location(root.get("/dashboard"))).isEqualTo("/login");
  }

  @Test
  void aWrongLoginIsRefusedWithTheIdentityServicesAnswer() {
    init();
    root.get("/login");
    HttpResponse<String> wrong = root.submit("/login", "username", "root", "password", "nope");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.body()).contains("id=\"form-error\"", "value=\"root\"").doesNotContain("nope");
    assertThat(root.submit("/login", "username", "", "password", "x").statusCode()).isEqualTo(400);
    assertThat(root.submit("/login", "username", "root").statusCode()).isEqualTo(400);
  }

  private static String between(String text, String start, String end) {
    int i = text.indexOf(start);
    assertThat(i).as(text).isNotNegative();
    int from = i + start.length();
    return text.substring(from, text.indexOf(end, from)).trim();
  }
}
