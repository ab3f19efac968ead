package dev.metacircular.rest.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.ports.client.BearerToken;
import dev.metacircular.ports.client.Unreachable;
import dev.metacircular.ports.client.WhoAmI;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.rest.IdentityRestServer;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The REST client of the identity service (the shell's, the control plane's) over the module's one
 * HTTPS stack, against the real identity REST door with its ports faked: a login keeps the token
 * and says who it stands for, a refusal is the service's own exception and message, and a service
 * that cannot be trusted or reached is {@link Unreachable}.
 */
class RestIdentityClientTest {

  private static final FakeIdentity IDENTITY = new FakeIdentity();

  @TempDir static Path dir;
  private static IdentityRestServer server;
  private static Path ca;
  private static Path strangerCa;

  @BeforeAll
  static void start() {
    server =
        IdentityRestServer.start(
            IDENTITY.api(), TestCertificates.serverOn(TestCertificates.LOOPBACK));
    ca = TestCertificates.pem(dir, "identity", TestCertificates.LOOPBACK);
    strangerCa = TestCertificates.pem(dir, "stranger", TestCertificates.STRANGER);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void reset() {
    IDENTITY.reset();
  }

  private static RestIdentityClient client(Path trusted, BearerToken token) {
    return new RestIdentityClient(
        RestEndpoint.of(URI.create("https://127.0.0.1:" + server.port()), trusted, token));
  }

  @Test
  void aLoginKeepsTheTokenAndSaysWhoItStandsFor() {
    BearerToken token = new BearerToken();
    RestIdentityClient client = client(ca, token);

    WhoAmI who = client.login("alice", FakeIdentity.PASSWORD.toCharArray(), null);

    assertThat(token.present()).isTrue();
    assertThat(token.toString()).isEqualTo("BearerToken[set]");
    assertThat(who.username()).isEqualTo("alice");
    assertThat(who.accountId()).isEqualTo(FakeIdentity.ALICE.toString());
    assertThat(who.isAdmin()).isFalse();
    assertThat(IDENTITY.lastLogin.serviceName()).isNull();
    assertThat(new String(IDENTITY.lastPassword)).isEqualTo(FakeIdentity.PASSWORD);

    client.logout();

    assertThat(token.present()).isFalse();
    assertThat(IDENTITY.lastLogout).isNotNull();
    assertThatThrownBy(client::whoami)
        .isInstanceOf(DomainException.Unauthenticated.class)
        .hasMessage("not logged in (use: login USERNAME)");
  }

  @Test
  void aRefusalIsTheServicesOwnExceptionAndMessage() {
    RestIdentityClient client = client(ca, new BearerToken());

    assertThatThrownBy(() -> client.login("alice", "wrong".toCharArray(), null))
        .isInstanceOf(DomainException.Unauthenticated.class)
        .hasMessage("invalid credentials");
    assertThatThrownBy(() -> client.login("denied", FakeIdentity.PASSWORD.toCharArray(), null))
        .isInstanceOf(DomainException.Forbidden.class)
        .hasMessage("login denied by policy");
    assertThatThrownBy(() -> client.login("locked", FakeIdentity.PASSWORD.toCharArray(), null))
        .isInstanceOfSatisfying(
            DomainException.TooManyRequests.class,
            e -> assertThat(e.retryAfterSeconds()).isEqualTo(7))
        .hasMessage("account locked (retry in 7 s)");
    assertThat(client.validate("not.a.token")).isEmpty();
  }

  @Test
  void aServerTheClientDoesNotTrustIsUnreachableAfterTheHandshake() {
    RestIdentityClient client = client(strangerCa, new BearerToken());

    assertThatThrownBy(() -> client.login("alice", FakeIdentity.PASSWORD.toCharArray(), null))
        .isInstanceOf(Unreachable.class)
        .hasMessageStartingWith("TLS handshake with https://127.0.0.1:")
        .hasMessageEndingWith("failed (wrong --ca-cert, or not a TLS server?)");
    assertThat(IDENTITY.lastLogin).isNull();
  }

  @Test
  void noServerIsUnreachable() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    RestIdentityClient client =
        new RestIdentityClient(
            RestEndpoint.of(URI.create("https://127.0.0.1:" + closed), ca, new BearerToken()));

    assertThatThrownBy(client::health)
        .isInstanceOf(Unreachable.class)
        .hasMessage("cannot reach https://127.0.0.1:" + closed + " (ConnectException)");
  }

  @Test
  void onlyAnHttpsAddressAndAReadableCaFileAreAccepted() {
    assertThatThrownBy(
            () -> RestEndpoint.of(URI.create("http://127.0.0.1:1"), null, new BearerToken()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("https://");
    Path missing = dir.resolve("missing.pem");
    assertThatThrownBy(
            () -> RestEndpoint.of(URI.create("https://127.0.0.1:1"), missing, new BearerToken()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CA certificate file " + missing + " does not exist");
  }
}
