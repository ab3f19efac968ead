package dev.metacircular.apps.dev;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.apps.tls.CertificateRenewer;
import dev.metacircular.crypto.Argon2Parameters;
import dev.metacircular.crypto.TlsCertificates;
import dev.metacircular.ports.pki.in.PkiOperations;
import dev.metacircular.ports.pki.in.RoleSettings;
import dev.metacircular.ports.pki.in.Ttl;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dev mode's services serve certificates from the dev CA, and a renewed certificate is served on
 * the next TLS handshake by both listeners (HTTPS: Jetty; gRPC: Netty), without a restart: once
 * when renewed on demand, then again when the renewer finds two thirds of a short-lived one's life
 * gone. Every handshake is a fresh client trusting only {@code ca.pem} (no session resumption).
 */
class DevCertificateRenewalTest {
  @TempDir static Path tmp;
  static DevPlatform platform;
  static Path data;

  @BeforeAll
  static void start() {
    data = tmp.resolve("data");
    platform =
        DevPlatform.start(
            new DevPlatform.Options(
                data,
                0,
                0,
                s -> s.withPasswordHashing(Argon2Parameters.OWASP_MINIMUM),
                Clock.systemUTC()),
            new PrintWriter(new StringWriter(), true));
  }

  @AfterAll
  static void stop() {
    platform.close();
  }

  @Test
  void servedCertificatesComeFromTheInfraIssuerAndTheRootIsInCaPem() throws Exception {
    X509Certificate identity = served(platform.port(), false);
    X509Certificate crypto = served(platform.cryptoPort(), false);
    assertThat(identity.getIssuerX500Principal().getName()).contains("infra");
    assertThat(crypto.getIssuerX500Principal().getName()).contains("infra");
    assertThat(identity.getSerialNumber()).isNotEqualTo(crypto.getSerialNumber());
    assertThat(identity.getSubjectAlternativeNames())
        .extracting(san -> san.get(1).toString())
        .contains("localhost", "127.0.0.1");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(data.resolve("tls").resolve("crypto.key"))))
        .isEqualTo("rw-------");
    assertThat(Files.readString(data.resolve("ca.pem"))).contains("BEGIN CERTIFICATE");
    // Due at two thirds of the life from NotBefore, not before.
    Instant due = CertificateRenewer.renewalTime(identity);
    Duration life =
        Duration.between(identity.getNotBefore().toInstant(), identity.getNotAfter().toInstant());
    assertThat(Duration.between(identity.getNotBefore().toInstant(), due))
        .isEqualTo(life.multipliedBy(2).dividedBy(3));
  }

  @Test
  void aRenewedCertificateIsServedOnTheNextHandshakeByRestAndGrpcWithoutARestart()
      throws Exception {
    BigInteger restBefore = served(platform.port(), false).getSerialNumber();
    BigInteger grpcBefore = served(platform.grpcPort(), true).getSerialNumber();
    assertThat(grpcBefore).isEqualTo(restBefore); // one certificate per service

    // Short-lived certificates from now on (the CA backdates NotBefore by 30 s, so a 30 s ttl
    // lives a minute and is due 10 s after it is issued).
    shortLivedCertificates(platform);
    List<X509Certificate> renewed = platform.renewCertificatesNow();
    BigInteger first = renewed.get(0).getSerialNumber();
    assertThat(first).isNotEqualTo(restBefore);
    assertThat(served(platform.port(), false).getSerialNumber()).isEqualTo(first);
    assertThat(served(platform.grpcPort(), true).getSerialNumber()).isEqualTo(first);
    BigInteger cryptoFirst = renewed.get(1).getSerialNumber();
    assertThat(served(platform.cryptoPort(), false).getSerialNumber()).isEqualTo(cryptoFirst);
    assertThat(served(platform.cryptoGrpcPort(), true).getSerialNumber()).isEqualTo(cryptoFirst);

    // Nobody asks now: the renewer does it at two thirds of the life.
    Instant deadline = Instant.now().plusSeconds(40);
    BigInteger rest = first;
    while (rest.equals(first) && Instant.now().isBefore(deadline)) {
      Thread.sleep(500);
      rest = served(platform.port(), false).getSerialNumber();
    }
    assertThat(rest).as("renewed by the renewer").isNotEqualTo(first);
    assertThat(served(platform.grpcPort(), true).getSerialNumber()).isEqualTo(rest);
    X509Certificate onDisk =
        (X509Certificate)
            TlsCertificates.trustStoreFromPem(data.resolve("tls").resolve("identity.crt"))
                .getCertificate("ca-0");
    assertThat(onDisk.getSerialNumber()).isEqualTo(rest);
    Instant deadlineCrypto = Instant.now().plusSeconds(20);
    BigInteger cryptoNow = cryptoFirst;
    while (cryptoNow.equals(cryptoFirst) && Instant.now().isBefore(deadlineCrypto)) {
      Thread.sleep(500);
      cryptoNow = served(platform.cryptoGrpcPort(), true).getSerialNumber();
    }
    assertThat(cryptoNow).isNotEqualTo(cryptoFirst);
  }

  /** The dev role issues 30 s certificates from now on. */
  static void shortLivedCertificates(DevPlatform platform) {
    platform
        .cryptoCore()
        .operations()
        .run(
            DevPlatform.CALLER,
            DevCa.MOUNT,
            PkiOperations.UPDATE_ROLE,
            RoleSettings.named(DevCa.ROLE)
                .ttl(Ttl.parse("ttl", "30s"))
                .maxTtl(Ttl.parse("max_ttl", "30s"))
                .build());
  }

  /**
   * The leaf a fresh TLS client (trusting only ca.pem, so the chain is verified) is served; for a
   * gRPC listener it offers ALPN h2 as gRPC clients do.
   */
  static X509Certificate served(int port, boolean grpc) throws Exception {
    return served(data.resolve("ca.pem"), port, grpc);
  }

  /** The same, trusting only the root in {@code caFile}. */
  static X509Certificate served(Path caFile, int port, boolean grpc) throws Exception {
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(TlsCertificates.trustStoreFromPem(caFile));
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    try (SSLSocket socket = (SSLSocket) ssl.getSocketFactory().createSocket("127.0.0.1", port)) {
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the IP SAN must match
      if (grpc) {
        parameters.setApplicationProtocols(new String[] {"h2"});
      }
      socket.setSSLParameters(parameters);
      socket.setSoTimeout(10_000);
      socket.startHandshake();
      return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    }
  }
}
