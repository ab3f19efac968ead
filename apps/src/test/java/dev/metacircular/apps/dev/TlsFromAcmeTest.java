package dev.metacircular.apps.dev;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.metacircular.apps.config.MasterKeyFile;
import dev.metacircular.apps.config.McIasConfig;
import dev.metacircular.apps.identity.IdentityServer;
import dev.metacircular.crypto.Argon2Parameters;
import dev.metacircular.crypto.SecureRandoms;
import dev.metacircular.ports.pki.in.EabCredentials;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * {@code [tls] acme_directory} end to end, with two real servers: dev mode's crypto service has a
 * second {@code ca} mount with ACME enabled and EAB required (HTTP-01 validated on the port the
 * server's responder opens); an identity server configured with the directory and EAB credentials
 * from {@code create-eab} gets its certificate over ACME before it listens, serves it on HTTPS and
 * gRPC (checked by a fresh TLS client for the name {@code localhost} and by {@code openssl verify}
 * against the mount's root), and renews it through the same account, without the (single-use)
 * binding key and without a restart. The captured log never holds the binding key.
 */
class TlsFromAcmeTest {
  static final String MOUNT = "acme";

  @TempDir static Path tmp;
  static DevPlatform ca;
  static AcmeTestCa acme;
  static Path data;
  static Path acmeRoot;
  static Path eabKeyFile;
  static EabCredentials eab;
  static int http01Port;

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
    http01Port = freePort();
    acme = AcmeTestCa.mount(ca, MOUNT, http01Port);
    eabKeyFile = tmp.resolve("eab.key");
    eab = acme.eab(eabKeyFile);
    acmeRoot = acme.writeRoot(tmp.resolve("acme-root.pem"));
    MasterKeyFile.create(tmp.resolve("master.key"), SecureRandoms.bytes(MasterKeyFile.KEY_BYTES));
  }

  @AfterAll
  static void stopTheCa() {
    ca.close();
  }

  @Test
  void anIdentityServerGetsItsCertificateOverAcmeServesItAndRenewsItWithoutARestart()
      throws Exception {
    Path server = tmp.resolve("served");
    // Every line of the project's loggers, DEBUG included, and everything else's warnings.
    Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    Logger ours = (Logger) LoggerFactory.getLogger("dev.metacircular");
    Level level = ours.getLevel();
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    root.addAppender(log);
    ours.setLevel(Level.DEBUG);
    try (IdentityServer identity = TlsFromCaTest.start(config(server))) {
      Path tls = server.resolve("tls");
      List<X509Certificate> chain = served(identity.port(), false);
      X509Certificate first = chain.get(0);
      assertThat(first.getIssuerX500Principal().getName()).isEqualTo("CN=ACME Infra");
      assertThat(first.getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
      assertThat(served(identity.grpcPort(), true).get(0).getSerialNumber())
          .isEqualTo(first.getSerialNumber());
      assertThat(opensslVerify(chain)).isEqualTo("leaf.pem: OK");
      assertThat(mode(tls.resolve("server.key"))).isEqualTo("rw-------");
      assertThat(mode(tls.resolve("acme-account.key"))).isEqualTo("rw-------");
      byte[] account = Files.readAllBytes(tls.resolve("acme-account.key"));

      // The binding key was single use; renewals run on the kept account without it.
      Files.delete(eabKeyFile);
      Instant deadline = Instant.now().plusSeconds(45);
      BigInteger now = first.getSerialNumber();
      while (now.equals(first.getSerialNumber()) && Instant.now().isBefore(deadline)) {
        Thread.sleep(500);
        now = served(identity.port(), false).get(0).getSerialNumber();
      }
      assertThat(now).as("renewed while running").isNotEqualTo(first.getSerialNumber());
      assertThat(served(identity.grpcPort(), true).get(0).getSerialNumber()).isEqualTo(now);
      assertThat(Files.readAllBytes(tls.resolve("acme-account.key"))).isEqualTo(account);
    } finally {
      root.detachAppender(log);
      ours.setLevel(level);
    }
    String captured =
        String.join(
            "\n",
            log.list.stream()
                .map(e -> e.getFormattedMessage() + " " + e.getKeyValuePairs())
                .toList());
    assertThat(captured).contains("ACME account created").contains(eab.kid());
    assertThat(captured).contains("TLS certificate issued");
    assertThat(captured).doesNotContain(eab.hmacKey().text());
    assertThat(captured)
        .doesNotContain(Base64.getEncoder().encodeToString(eab.hmacKey().key()).replace("=", ""));
  }

  private static McIasConfig config(Path dir) throws Exception {
    return TlsFromCaTest.identityConfig(
        dir,
        tmp.resolve("master.key"),
        """
        acme_directory     = "%s"
        acme_eab_kid       = "%s"
        acme_eab_key_file  = "%s"
        acme_http01_listen = ":%d"
        ca_cert            = "%s"
        common_name        = "localhost"
        """
            .formatted(
                acme.directory(), eab.kid(), eabKeyFile, http01Port, data.resolve("ca.pem")));
  }

  private static List<X509Certificate> served(int port, boolean grpc) throws Exception {
    return AcmeTestCa.served(acmeRoot, port, grpc);
  }

  /** {@code openssl verify} of the served leaf with the served intermediates, trusting the root. */
  private static String opensslVerify(List<X509Certificate> chain) throws Exception {
    Path dir = Files.createTempDirectory(tmp, "verify");
    Files.writeString(dir.resolve("leaf.pem"), pem(chain.get(0)));
    StringBuilder rest = new StringBuilder();
    for (Certificate c : chain.subList(1, chain.size())) {
      rest.append(pem(c));
    }
    Files.writeString(dir.resolve("chain.pem"), rest.toString());
    Process p =
        new ProcessBuilder(
                "openssl",
                "verify",
                "-CAfile",
                acmeRoot.toString(),
                "-untrusted",
                "chain.pem",
                "leaf.pem")
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
  }

  private static String pem(Certificate c) throws Exception {
    return "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(c.getEncoded())
        + "\n-----END CERTIFICATE-----\n";
  }

  private static String mode(Path file) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
