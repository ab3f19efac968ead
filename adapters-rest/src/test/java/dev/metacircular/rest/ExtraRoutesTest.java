package dev.metacircular.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.config.JavalinConfig;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The servers' hook for more routes on the same port (the apps module passes the web UI there): the
 * extra routes answer beside the API's, and every cross-cutting rule covers them too.
 */
class ExtraRoutesTest {
  static final Consumer<JavalinConfig> EXTRA =
      config -> config.routes.get("/extra", ctx -> ctx.html("<p>extra</p>"));

  @Test
  void theCryptoServerServesExtraRoutesWithTheSameHeaders() {
    try (CryptoRestServer server =
        CryptoRestServer.start(new FakeCryptoPorts().api(), TestTls.settings(), EXTRA)) {
      check(new TestClient(server.port()));
    }
  }

  @Test
  void theIdentityServerServesExtraRoutesWithTheSameHeaders() {
    try (IdentityRestServer server =
        IdentityRestServer.start(new FakeIdentityPorts().api(), TestTls.settings(), EXTRA)) {
      check(new TestClient(server.port()));
    }
  }

  private static void check(TestClient client) {
    TestClient.Reply extra = client.get("/extra", null);
    assertThat(extra.status()).isEqualTo(200);
    assertThat(extra.body()).isEqualTo("<p>extra</p>");
    SecurityHeaders.HEADERS.forEach(
        (name, value) -> assertThat(extra.header(name)).as(name).isEqualTo(value));
    assertThat(client.get("/v1/health", null).body()).isEqualTo("{\"status\":\"ok\"}");
  }
}
