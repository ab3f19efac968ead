package dev.metacircular.apps.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.apps.identity.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crypto service's web UI in real headless Chromium (src/test/node/crypto-flow.js): init,
 * login, mount, seal, unseal, create a transit key, encrypt, decrypt, rotate, ACL rule and explain,
 * logout, seal — with a CSRF-less POST refused, the security headers of every page, the session
 * cookie's attributes and no browser console error (so no CSP violation). Screenshots of every
 * page: target/screenshots/crypto-flow/.
 */
class CryptoWebBrowserTest {

  @TempDir Path dir;

  @Test
  void theCryptoFlowWorksInChromium() throws Exception {
    try (CryptoWebEnvironment env = new CryptoWebEnvironment(dir)) {
      Path shots = BrowserScripts.screenshots("crypto-flow");
      String output =
          BrowserScripts.run(
              "crypto-flow.js",
              env.baseUrl(),
              shots,
              "root",
              TestServer.PASSWORD,
              CryptoWebEnvironment.SEAL_PASSWORD);
      assertThat(output).contains("[crypto] passed");
      try (var files = Files.list(shots)) {
        assertThat(files.filter(p -> p.toString().endsWith(".png")).count())
            .isGreaterThanOrEqualTo(15);
      }
      assertThat(env.crypto.core().seal().state().wireName()).isEqualTo("sealed");
    }
  }
}
