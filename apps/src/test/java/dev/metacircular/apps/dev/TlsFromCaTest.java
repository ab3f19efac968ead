package dev.metacircular.apps.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.apps.config.MasterKeyFile;
import dev.metacircular.apps.config.McIasConfig;
import dev.metacircular.apps.config.McIasConfigLoader;
import dev.metacircular.apps.identity.IdentityServer;
import dev.metacircular.crypto.Argon2Parameters;
import dev.metacircular.crypto.SecureRandoms;
import dev.metacircular.crypto.TlsCertificates;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.identity.Account;
import dev.metacircular.ports.identity.in.CreateAccountCommand;
import dev.metacircular.ports.policy.Effect;
import dev.metacircular.ports.policy.PolicyRule;
import dev.metacircular.ports.policy.ResourceMatch;
import dev.metacircular.ports.policy.SubjectMatch;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code [tls]} end to end, with two real servers: dev mode's crypto service is the CA; a second
 * identity server, configured with {@code [tls]} and a service token, gets its certificate through
 * the crypto service's REST {@code issue} operation before it listens, serves it on HTTPS and gRPC,
 * starts again on the kept files while the CA is unreachable, and has a short-lived certificate
 * renewed through the same path without a restart.
 */
class TlsFromCaTest {
  @TempDir static Path tmp;
  static DevPlatform ca;
  static Path data;

  @BeforeAll
  static void startTheCa() throws Exception {
    data = tmp.resolve("dev");
    ca =
        DevPlatform.start(
            new DevPlatform.Options(
                data,
                0,
                0,
                s -> s.withPasswordHashing(Argon2Parameters.OWASP_MINIMUM),
                Clock.systemUTC()),
            new PrintWriter(new StringWriter(), true));
    // A system account may issue under the dev role, and nothing else.
    Account issuer =
        ca.identityCore()
            .accounts()
            .create(
                DevPlatform.CALLER,
                new CreateAccountCommand("tls-issuer", AccountType.SYSTEM, null, Set.of()));
    ca.cryptoCore()
        .policy()
        .create(
            DevPlatform.CALLER,
            new PolicyRule(
                "tls-issuer",
                10,
                Effect.ALLOW,
                "servers take their certificates from the dev CA",
                new SubjectMatch(List.of("tls-issuer"), null, null),
                new ResourceMatch(null, null, List.of(DevCa.MOUNT), null),
                List.of("issue")));
    String token =
        ca.identityCore()
            .tokenAdmin()
            .issueServiceToken(DevPlatform.CALLER, issuer.id(), Duration.ofHours(1), "metacrypt")
            .token();
    Path tokenFile = tmp.resolve("issue.token");
    Files.createFile(
        tokenFile,
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(tokenFile, token + "\n", StandardCharsets.US_ASCII);
    byte[] key = SecureRandoms.bytes(MasterKeyFile.KEY_BYTES);
    MasterKeyFile.create(tmp.resolve("master.key"), key);
  }

  @AfterAll
  static void stopTheCa() {
    ca.close();
  }

  @Test
  void anIdentityServerGetsItsCertificateFromTheCryptoServiceAndKeepsServingIt() throws Exception {
    Path server = tmp.resolve("served");
    Path cert = server.resolve("tls").resolve("server.crt");
    McIasConfig config = config(server, ca.cryptoPort());
    assertThat(config.tlsCert()).isEqualTo(cert);

    BigInteger first;
    try (IdentityServer identity = start(config)) {
      X509Certificate served = served(identity.port(), false);
      first = served.getSerialNumber();
      assertThat(served.getIssuerX500Principal().getName()).contains("infra");
      assertThat(served(identity.grpcPort(), true).getSerialNumber()).isEqualTo(first);
      assertThat(leaf(cert).getSerialNumber()).isEqualTo(first);
      assertThat(
              PosixFilePermissions.toString(
                  Files.getPosixFilePermissions(server.resolve("tls").resolve("server.key"))))
          .isEqualTo("rw-------");
    }

    // The CA unreachable: a restart serves the last good certificate.
    try (IdentityServer identity = start(config(server, deadPort()))) {
      assertThat(served(identity.port(), false).getSerialNumber()).isEqualTo(first);
    }

    // Without a certificate and without a CA, the server does not start, and says why.
    Path empty = tmp.resolve("empty");
    assertThatThrownBy(() -> start(config(empty, deadPort())))
        .hasMessageContaining("tls: no certificate from https://127.0.0.1:")
        .hasMessageContaining("role localhost");
  }

  @Test
  void aShortLivedCertificateIsRenewedThroughTheRestIssuePathWithoutARestart() throws Exception {
    DevCertificateRenewalTest.shortLivedCertificates(ca);
    Path server = tmp.resolve("renewing");
    try (IdentityServer identity = start(config(server, ca.cryptoPort()))) {
      BigInteger first = served(identity.port(), false).getSerialNumber();
      // A 30 s ttl (NotBefore backdated 30 s) is due 10 s after it was issued.
      Instant deadline = Instant.now().plusSeconds(40);
      BigInteger now = first;
      while (now.equals(first) && Instant.now().isBefore(deadline)) {
        Thread.sleep(500);
        now = served(identity.port(), false).getSerialNumber();
      }
      assertThat(now).as("renewed while running").isNotEqualTo(first);
      assertThat(served(identity.grpcPort(), true).getSerialNumber()).isEqualTo(now);
    }
  }

  private static X509Certificate served(int port, boolean grpc) throws Exception {
    return DevCertificateRenewalTest.served(data.resolve("ca.pem"), port, grpc);
  }

  static IdentityServer start(McIasConfig config) {
    return IdentityServer.start(
        config,
        Map.of(),
        Clock.systemUTC(),
        s -> s.withPasswordHashing(Argon2Parameters.OWASP_MINIMUM));
  }

  private static McIasConfig config(Path dir, int caPort) throws Exception {
    return identityConfig(
        dir,
        tmp.resolve("master.key"),
        """
        issue_url   = "https://127.0.0.1:%d"
        ca_cert     = "%s"
        role        = "localhost"
        common_name = "localhost"
        ip_sans     = ["127.0.0.1"]
        token_file  = "%s"
        """
            .formatted(caPort, data.resolve("ca.pem"), tmp.resolve("issue.token")));
  }

  /** An identity server's config on loopback in {@code dir}, with {@code tls} as its [tls] keys. */
  static McIasConfig identityConfig(Path dir, Path masterKey, String tls) throws Exception {
    Files.createDirectories(dir);
    String toml =
        """
        [server]
        listen_addr = "127.0.0.1:0"
        grpc_addr   = "127.0.0.1:0"

        [database]
        path = "%s"

        [tokens]
        issuer = "https://localhost"

        [master_key]
        keyfile = "%s"

        [tls]
        """
                .formatted(dir.resolve("mcias.db"), masterKey)
            + tls;
    Path file = dir.resolve("mcias.toml");
    Files.writeString(file, toml);
    return new McIasConfigLoader(Map.of(), List.of()).load(file);
  }

  private static X509Certificate leaf(Path pem) throws Exception {
    return (X509Certificate) TlsCertificates.trustStoreFromPem(pem).getCertificate("ca-0");
  }

  private static int deadPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
