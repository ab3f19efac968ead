package dev.metacircular.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Test;

class SettingsTest {
  @Test
  void theDefaultBodyLimitIs64KiB() {
    assertThat(TestTls.settings().maxBodyBytes()).isEqualTo(64 * 1024);
  }

  @Test
  void settingsRefuseNonsense() {
    TlsSettings tls = TestTls.serverSettings();
    assertThatThrownBy(() -> new RestSettings("127.0.0.1", -1, tls, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RestSettings("127.0.0.1", 70_000, tls, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RestSettings("127.0.0.1", 0, tls, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RestSettings("127.0.0.1", 0, null, 10))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void tlsSettingsNeverPrintThePassword() {
    assertThat(TestTls.serverSettings().toString())
        .doesNotContain(new String(TestTls.PASSWORD))
        .contains("redacted");
  }

  @Test
  void theServerBindsAnEphemeralPortAndReleasesItOnClose() throws Exception {
    int port;
    try (IdentityRestServer server =
        IdentityRestServer.start(new FakeIdentityPorts().api(), TestTls.settings())) {
      port = server.port();
      assertThat(port).isPositive();
      assertThat(new TestClient(port).get("/v1/health", null).status()).isEqualTo(200);
    }
    try (Socket socket = new Socket()) {
      assertThatThrownBy(() -> socket.connect(new InetSocketAddress("127.0.0.1", port), 1000))
          .isInstanceOf(java.io.IOException.class);
    }
  }
}
