package dev.metacircular.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.crypto.ssh.SshPublicKey;
import dev.metacircular.ports.crypto.in.CryptoUseCases;
import dev.metacircular.rest.ssh.SshCaFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/ssh/{mount}/ca} and {@code /krl} on a real server, no token. */
class SshPublicControllerTest {
  private static final FakeCryptoPorts CORE = new FakeCryptoPorts();
  private static final SshCaFixture SSH = new SshCaFixture();
  private static CryptoRestServer server;
  private static TestClient client;

  @BeforeAll
  static void start() {
    CORE.reset();
    CryptoUseCases api =
        new CryptoUseCases(
            CORE.seal,
            CORE.auth,
            CORE.mounts,
            SSH,
            FakeIdentityPorts.unused(dev.metacircular.ports.transit.in.TransitDataUseCase.class),
            CORE.acl,
            CORE.audit);
    server = CryptoRestServer.start(api, TestTls.settings());
    client = new TestClient(server.port());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void theCaKeyIsOneAuthorizedKeysLineForAnyone() {
    TestClient.Reply r = client.get("/v1/ssh/ssh/ca", null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("content-type")).startsWith("text/plain");
    assertThat(r.body()).endsWith("\n").startsWith("ssh-ed25519 ");
    assertThat(SshPublicKey.parse(r.body().strip()).algorithm()).isEqualTo("ssh-ed25519");
  }

  @Test
  void theKrlIsBinarySignedByDefaultAndItsUnsignedFormIsAPrefix() throws Exception {
    HttpResponse<byte[]> signed = bytes("/v1/ssh/ssh/krl");
    HttpResponse<byte[]> plain = bytes("/v1/ssh/ssh/krl?signed=false");
    HttpResponse<byte[]> explicit = bytes("/v1/ssh/ssh/krl?signed=true");
    assertThat(signed.statusCode()).isEqualTo(200);
    assertThat(signed.headers().firstValue("content-type").orElseThrow())
        .startsWith("application/octet-stream");
    assertThat(signed.headers().firstValue("cache-control").orElseThrow()).isEqualTo("no-cache");
    assertThat(signed.headers().firstValue("x-krl-version").orElseThrow()).isEqualTo("1");
    byte[] magic = "SSHKRL\n\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThat(java.util.Arrays.copyOf(plain.body(), 8)).isEqualTo(magic);
    assertThat(signed.body().length).isGreaterThan(plain.body().length);
    assertThat(java.util.Arrays.copyOf(signed.body(), plain.body().length)).isEqualTo(plain.body());
    assertThat(explicit.body()).isEqualTo(signed.body());
  }

  @Test
  void badRequestsAreJsonRefusals() {
    TestClient.Reply bad = client.get("/v1/ssh/ssh/krl?signed=yes", null);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body()).isEqualTo("{\"error\":\"signed must be true or false\"}");
    TestClient.Reply missing = client.get("/v1/ssh/other/ca", null);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.body()).isEqualTo("{\"error\":\"mount other not found\"}");
    assertThat(client.get("/v1/ssh/other/krl", null).status()).isEqualTo(404);
  }

  private static HttpResponse<byte[]> bytes(String path) throws Exception {
    HttpClient http = HttpClient.newBuilder().sslContext(TestTls.clientContext()).build();
    return http.send(
        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }
}
