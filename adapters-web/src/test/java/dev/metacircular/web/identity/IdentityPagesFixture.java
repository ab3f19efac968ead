package dev.metacircular.web.identity;

import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.decoder.Decoder;
import dev.metacircular.crypto.Argon2Parameters;
import dev.metacircular.crypto.Base32;
import dev.metacircular.crypto.Totp;
import dev.metacircular.domain.identity.IdentityCore;
import dev.metacircular.domain.identity.IdentitySettings;
import dev.metacircular.domain.identity.IdentityStorage;
import dev.metacircular.domain.identity.MasterKeySource;
import dev.metacircular.domain.time.ManualClock;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.identity.Account;
import dev.metacircular.ports.identity.in.CreateAccountCommand;
import dev.metacircular.ports.identity.in.IdentityUseCases;
import dev.metacircular.web.common.WebClient;
import dev.metacircular.webauthn.PasskeySettings;
import dev.metacircular.webauthn.YubicoPasskeyVerifier;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real identity core (in memory, cheapest Argon2, a manual clock shared with the web sessions)
 * behind the identity pages on a real Javalin server on 127.0.0.1 (plain HTTP: TLS and the host's
 * headers are adapters-rest's, tested with the real server in apps).
 */
final class IdentityPagesFixture implements AutoCloseable {
  static final String PASSWORD = "a long enough password";
  static final String COOKIE = "__Host-mcias_session";

  final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T12:00:00Z"));
  final IdentityCore core;
  final Javalin app;
  final URI base;
  final Caller tool = Caller.offlineTool("test");

  IdentityPagesFixture() {
    IdentitySettings settings =
        IdentitySettings.defaults("https://mcias.test")
            .withPasswordHashing(Argon2Parameters.OWASP_MINIMUM)
            .withMasterKeyKdf(Argon2Parameters.OWASP_MINIMUM)
            .withLoginRate(1_000, 1_000);
    core =
        IdentityCore.open(
            IdentityStorage.inMemory(),
            settings,
            new YubicoPasskeyVerifier(PasskeySettings.localhost(), clock),
            new MasterKeySource.Passphrase("test passphrase".toCharArray()),
            clock);
    IdentityUseCases api = core.useCases();
    app =
        Javalin.create(
                config -> {
                  config.startup.showJavalinBanner = false;
                  config.jetty.host = "127.0.0.1";
                  config.jetty.port = 0;
                  IdentityWebUi.routes(api, IdentityWebUi.settings().withClock(clock))
                      .accept(config);
                })
            .start();
    base = URI.create("http://127.0.0.1:" + app.port() + "/");
  }

  WebClient browser() {
    return new WebClient(base, COOKIE);
  }

  Account human(String username, Role... roles) {
    return core.accounts()
        .create(
            tool,
            new CreateAccountCommand(
                username, AccountType.HUMAN, PASSWORD.toCharArray(), Set.of(roles)));
  }

  /** Loads the login page and signs in with the password; answers the POST's response. */
  HttpResponse<String> signIn(WebClient b, String username, String password) {
    b.get("/login");
    return b.submit("/login", "username", username, "password", password, "next", "/profile");
  }

  WebClient signedIn(String username) {
    WebClient b = browser();
    HttpResponse<String> r = signIn(b, username, PASSWORD);
    if (r.statusCode() != 303) {
      throw new IllegalStateException("login failed: " + r.statusCode() + " " + r.body());
    }
    b.get("/profile");
    return b;
  }

  /** The TOTP code the authenticator would show at {@code offsetSteps} from now. */
  String code(String secretBase32, int offsetSteps) {
    byte[] secret = Base32.decode(secretBase32.toCharArray());
    return Totp.code(secret, Totp.step(clock.instant()) + offsetSteps);
  }

  static String group(String body, String regex) {
    Matcher m = Pattern.compile(regex, Pattern.DOTALL).matcher(body);
    if (!m.find()) {
      throw new AssertionError("no match for " + regex + " in:\n" + body);
    }
    return m.group(1);
  }

  /** Reads the QR code back out of the page's inline SVG and decodes it with ZXing's decoder. */
  static String decodeQr(String body) throws Exception {
    String svg = group(body, "(<svg[^>]*class=\"qr\".*?</svg>)");
    int size = Integer.parseInt(group(svg, "viewBox=\"0 0 (\\d+) "));
    int quiet = 4;
    BitMatrix matrix = new BitMatrix(size - 2 * quiet);
    Matcher m = Pattern.compile("M(\\d+) (\\d+)h1v1h-1z").matcher(group(svg, " d=\"([^\"]*)\""));
    while (m.find()) {
      matrix.set(Integer.parseInt(m.group(1)) - quiet, Integer.parseInt(m.group(2)) - quiet);
    }
    return new Decoder().decode(matrix).getText();
  }

  @Override
  public void close() {
    app.stop();
    core.close();
  }
}
