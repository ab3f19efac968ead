package dev.metacircular.apps.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.apps.identity.TestServer;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.identity.Account;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The identity service's web UI in real headless Chromium (src/test/node/identity-flow.js) against
 * the real identity server over TLS (REST API and pages on one port): login, TOTP enrolment and the
 * two-step login with a code computed from the secret the page shows, 403 for a user on the admin
 * pages, an admin creating an account, a CSRF-less POST refused, a service token shown once, a
 * policy rule with explain, the audit log. Screenshots: target/screenshots/identity-flow/.
 */
class IdentityWebBrowserTest {

  @TempDir Path dir;

  @Test
  void theIdentityFlowWorksInChromium() throws Exception {
    try (TestServer identity = TestServer.start(dir)) {
      identity.createAccount("root", AccountType.HUMAN, Role.ADMIN);
      identity.createAccount("alice", AccountType.HUMAN, Role.USER);
      Path shots = BrowserScripts.screenshots("identity-flow");
      String output =
          BrowserScripts.run(
              "identity-flow.js",
              "https://127.0.0.1:" + identity.server.port(),
              shots,
              "root",
              "alice",
              TestServer.PASSWORD);
      assertThat(output).contains("[identity] passed");
      try (var files = Files.list(shots)) {
        assertThat(files.filter(p -> p.toString().endsWith(".png")).count())
            .isGreaterThanOrEqualTo(15);
      }
      Account dave = identity.server.core().accounts().getByUsername(TestServer.SETUP, "dave");
      assertThat(dave.roles()).containsExactlyInAnyOrder(Role.USER, Role.GUEST);
      assertThat(
              identity
                  .server
                  .core()
                  .accounts()
                  .getByUsername(TestServer.SETUP, "alice")
                  .totpEnabled())
          .isTrue();
    }
  }
}
