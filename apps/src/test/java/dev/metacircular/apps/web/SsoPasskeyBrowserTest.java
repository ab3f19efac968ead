package dev.metacircular.apps.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.apps.config.MetacryptConfig;
import dev.metacircular.apps.config.MetacryptConfigLoader;
import dev.metacircular.apps.crypto.CryptoServer;
import dev.metacircular.apps.identity.TestServer;
import dev.metacircular.crypto.Base32;
import dev.metacircular.crypto.Totp;
import dev.metacircular.domain.delegation.InProcessIdentityProvider;
import dev.metacircular.domain.identity.IdentityCore;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.SsoClientRegistration;
import dev.metacircular.ports.identity.TotpEnrolment;
import dev.metacircular.ports.identity.in.LoginCommand;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Single sign-on and passkeys in real headless Chromium (src/test/node/sso-passkey-flow.js): crypto
 * {@code /login} → "Sign in with MCIAS" → identity {@code /sso/authorize} → password, then the TOTP
 * step of the same login as {@code /login} → back on the crypto dashboard, signed in; an
 * unregistered redirect URI shown as an error and never followed; then a passkey registered on the
 * identity profile page and used to sign in, with Chromium's virtual authenticator (CDP {@code
 * WebAuthn.addVirtualAuthenticator}). Both services run on {@code https://localhost} (a WebAuthn
 * relying party id cannot be an IP address). Screenshots: target/screenshots/sso-passkey-flow/.
 */
class SsoPasskeyBrowserTest {

  @TempDir Path dir;

  @Test
  void ssoRoundTripAndPasskeysWorkInChromium() throws Exception {
    int idPort = freePort();
    int cryptoPort = freePort();
    String identityUrl = "https://localhost:" + idPort;
    Files.createDirectories(dir.resolve("id"));
    try (TestServer identity =
        TestServer.start(
            dir.resolve("id"),
            "127.0.0.1:" + idPort,
            identityUrl,
            "[webauthn]\nrp_id = \"localhost\"\norigins = [\"" + identityUrl + "\"]\n")) {
      identity.createAccount("alice", AccountType.HUMAN, Role.USER);
      TotpEnrolled totp = enrolTotp(identity, "alice");
      String callback = "https://localhost:" + cryptoPort + "/sso/callback";
      SsoClientRegistration client =
          identity
              .server
              .core()
              .ssoClients()
              .register(TestServer.SETUP, "metacrypt", "metacrypt", List.of(callback));
      Path secret = dir.resolve("sso.secret");
      Files.writeString(secret, new String(client.clientSecret()));
      // A secret file must be owner-only (SecretFile refuses anything wider).
      Files.setPosixFilePermissions(
          secret, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
      client.destroy();

      Path cert = identity.dir.resolve("tls.crt");
      Path key = identity.dir.resolve("tls.key");
      Path configFile = dir.resolve("metacrypt.toml");
      Files.writeString(
          configFile,
          "[server]\nlisten_addr = \"127.0.0.1:"
              + cryptoPort
              + "\"\n"
              + "tls_cert = \""
              + cert
              + "\"\ntls_key = \""
              + key
              + "\"\n"
              + "[database]\npath = \""
              + dir.resolve("metacrypt.db")
              + "\"\n"
              + "[mcias]\nserver_url = \"https://127.0.0.1:"
              + idPort
              + "\"\n"
              + "ca_cert = \""
              + cert
              + "\"\nservice_name = \"metacrypt\"\n"
              + "[seal]\nargon2_time = 1\nargon2_memory_kib = 8192\nargon2_threads = 1\n"
              + "[sso]\nredirect_uri = \""
              + callback
              + "\"\n"
              + "client_secret_file = \""
              + secret
              + "\"\n"
              + "identity_url = \""
              + identityUrl
              + "\"\n");
      MetacryptConfig config = new MetacryptConfigLoader(Map.of(), List.of()).load(configFile);
      try (CryptoServer crypto =
          CryptoServer.start(
              config,
              InProcessIdentityProvider.over(identity.server.core(), "metacrypt", List.of()),
              Clock.systemUTC())) {
        crypto.core().seal().initialize("a long seal password".toCharArray());
        Path shots = BrowserScripts.screenshots("sso-passkey-flow");
        String output =
            BrowserScripts.run(
                "sso-passkey-flow.js",
                "https://localhost:" + cryptoPort,
                shots,
                identityUrl,
                "alice",
                TestServer.PASSWORD,
                totp.secretBase32(),
                Long.toString(totp.confirmStep()));
        assertThat(output).contains("[sso-passkey] passed");
        assertThat(
                identity
                    .server
                    .core()
                    .passkeys()
                    .list(
                        TestServer.SETUP,
                        identity
                            .server
                            .core()
                            .accounts()
                            .getByUsername(TestServer.SETUP, "alice")
                            .id()))
            .singleElement()
            .satisfies(p -> assertThat(p.lastUsedAt()).isNotNull());
      }
    }
  }

  private record TotpEnrolled(String secretBase32, long confirmStep) {}

  /** Turns TOTP on for {@code username}, as the profile page would; the script computes codes. */
  private static TotpEnrolled enrolTotp(TestServer identity, String username) {
    IdentityCore core = identity.server.core();
    IssuedToken token =
        core.login()
            .login(
                new LoginCommand(
                    username, TestServer.PASSWORD.toCharArray(), null, null, null, "127.0.0.1"));
    Caller caller = core.tokens().authenticate(token.token(), "127.0.0.1");
    TotpEnrolment enrolment = core.totp().enrol(caller, TestServer.PASSWORD.toCharArray());
    try {
      String secret = new String(enrolment.secretBase32());
      long step = Totp.step(Instant.now());
      core.totp().confirm(caller, Totp.code(Base32.decode(secret.toCharArray()), step));
      return new TotpEnrolled(secret, step);
    } finally {
      enrolment.destroy();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }
}
