package dev.metacircular.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * A server with pages only (the master's fleet page): its routes answer over TLS with every
 * cross-cutting header, it has no API routes of its own, and an unknown path is still a JSON 404.
 */
class WebServerTest {

  @Test
  void servesOnlyThePagesWithTheSameHeaders() {
    try (WebServer server = WebServer.start(TestTls.settings(), ExtraRoutesTest.EXTRA)) {
      assertThat(server.port()).isPositive();
      assertThat(server.routes())
          .filteredOn(r -> r.startsWith("GET "))
          .containsExactly("GET /extra");
      TestClient client = new TestClient(server.port());
      TestClient.Reply page = client.get("/extra", null);
      assertThat(page.status()).isEqualTo(200);
      assertThat(page.body()).isEqualTo("<p>extra</p>");
      SecurityHeaders.HEADERS.forEach(
          (name, value) -> assertThat(page.header(name)).as(name).isEqualTo(value));
      TestClient.Reply missing = client.get("/v1/health", null);
      assertThat(missing.status()).isEqualTo(404);
      assertThat(missing.body()).contains("\"error\"");
    }
  }

  @Test
  void refusesMissingPages() {
    assertThatThrownBy(() -> WebServer.start(TestTls.settings(), null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("pages");
  }
}
