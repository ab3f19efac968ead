package dev.metacircular.apps.routecerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.crypto.TlsCertificates;
import dev.metacircular.ports.pki.in.IssuedCertificate;
import dev.metacircular.ports.pki.in.PrivateKeyPem;
import dev.metacircular.ports.pki.in.SerialNumber;
import dev.metacircular.ports.routecerts.out.RouteCertificates.Outcome;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provisioner's files and renewals over a CA stand-in that issues self-signed certificates for
 * the names it allows: the layout and modes, pairs kept across an agent restart, a refusal that
 * leaves nothing it wrote, a hostname dropped, discard and stop.
 */
class CaRouteCertificatesTest {

  @TempDir Path dir;
  final List<String> asked = new ArrayList<>();
  final List<CaRouteCertificates> opened = new ArrayList<>();

  @AfterEach
  void close() {
    opened.forEach(CaRouteCertificates::close);
  }

  /** Issues for names under {@code .test}; refuses others as the CA's role would. */
  Supplier<IssuedCertificate> ca(String hostname) {
    return () -> {
      asked.add(hostname);
      if (!hostname.endsWith(".test")) {
        throw new IllegalStateException("name " + hostname + " is not allowed by role services");
      }
      TlsCertificates.SelfSigned s =
          TlsCertificates.selfSigned(hostname, List.of(hostname), List.of(), Duration.ofDays(30));
      try {
        Path c = Files.createTempFile(dir, "c", ".pem");
        Path k = Files.createTempFile(dir, "k", ".pem");
        TlsCertificates.writePem(c, k, s);
        String pem = Files.readString(c);
        IssuedCertificate issued =
            new IssuedCertificate(
                pem,
                new PrivateKeyPem(Files.readAllBytes(k)),
                pem,
                List.of("-----ISSUER-----", "-----ROOT-----"),
                new SerialNumber(s.certificate().getSerialNumber()),
                s.certificate().getNotAfter().toInstant());
        Files.delete(c);
        Files.delete(k);
        return issued;
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    };
  }

  CaRouteCertificates provisioner() {
    CaRouteCertificates p = new CaRouteCertificates(this::ca, Clock.systemUTC());
    opened.add(p);
    return p;
  }

  static BigInteger serial(Path pem) throws Exception {
    try (InputStream in = Files.newInputStream(pem)) {
      return ((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in))
          .getSerialNumber();
    }
  }

  static String mode(Path file) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }

  @Test
  void eachHostnameGetsItsPairAndTheCaChainInTheCertsDirectory() throws Exception {
    Path certs = dir.resolve("srv/shop/certs");
    assertThat(provisioner().provide("shop", certs, List.of("shop.test", "api.shop.test")))
        .isEqualTo(new Outcome.Provided(List.of("shop.test", "api.shop.test"), List.of()));

    assertThat(mode(certs)).isEqualTo("rwxr-x---");
    assertThat(mode(certs.resolve("shop.test.key"))).isEqualTo("rw-------");
    assertThat(Files.readString(certs.resolve("shop.test.pem"))).contains("BEGIN CERTIFICATE");
    assertThat(Files.readString(certs.resolve("ca.pem")))
        .isEqualTo("-----ISSUER-----\n-----ROOT-----\n");
    assertThat(certs.resolve("api.shop.test.key")).isRegularFile();
    assertThat(Files.getOwner(certs.resolve("shop.test.key")))
        .isEqualTo(Files.getOwner(certs.getParent()));
  }

  @Test
  void anAgentRestartKeepsThePairsThatAreNotDueAndRenewsThemFromThere() throws Exception {
    Path certs = dir.resolve("srv/shop/certs");
    provisioner().provide("shop", certs, List.of("shop.test"));
    BigInteger first = serial(certs.resolve("shop.test.pem"));
    asked.clear();

    CaRouteCertificates restarted = provisioner();
    assertThat(restarted.provide("shop", certs, List.of("shop.test")))
        .isEqualTo(new Outcome.Provided(List.of(), List.of("shop.test")));
    assertThat(asked).isEmpty();
    assertThat(serial(certs.resolve("shop.test.pem"))).isEqualTo(first);
    assertThat(restarted.renewed("shop")).containsExactly("shop.test");
  }

  @Test
  void aRefusalOnAFirstDeployLeavesNoDirectoryBehind() {
    Path certs = dir.resolve("srv/shop/certs");
    CaRouteCertificates p = provisioner();
    assertThat(p.provide("shop", certs, List.of("shop.test", "shop.example")))
        .isEqualTo(
            new Outcome.Refused(
                "shop.example", "name shop.example is not allowed by role services"));
    assertThat(dir.resolve("srv")).doesNotExist();
    assertThat(p.renewed("shop")).isEmpty();
  }

  @Test
  void aRefusedNewHostnameLeavesTheServedPairsAsTheyWere() throws Exception {
    Path certs = dir.resolve("srv/shop/certs");
    CaRouteCertificates p = provisioner();
    p.provide("shop", certs, List.of("shop.test"));
    BigInteger first = serial(certs.resolve("shop.test.pem"));

    assertThat(p.provide("shop", certs, List.of("shop.test", "new.test", "shop.example")))
        .isInstanceOf(Outcome.Refused.class);
    assertThat(serial(certs.resolve("shop.test.pem"))).isEqualTo(first);
    assertThat(certs.resolve("new.test.pem")).doesNotExist();
    assertThat(certs.resolve("new.test.key")).doesNotExist();
    assertThat(certs.resolve("ca.pem")).isRegularFile();
    assertThat(p.renewed("shop")).containsExactly("shop.test");
  }

  @Test
  void aDroppedHostnameIsNoLongerRenewedAndStopAndDiscardDoWhatTheySay() {
    Path certs = dir.resolve("srv/shop/certs");
    CaRouteCertificates p = provisioner();
    p.provide("shop", certs, List.of("shop.test", "old.test"));
    assertThat(p.provide("shop", certs, List.of("shop.test")))
        .isEqualTo(new Outcome.Provided(List.of(), List.of("shop.test")));
    assertThat(p.renewed("shop")).containsExactly("shop.test");

    p.stopRenewing("shop");
    assertThat(p.renewed("shop")).isEmpty();
    assertThat(certs.resolve("shop.test.pem")).isRegularFile();

    p.provide("shop", certs, List.of("shop.test"));
    p.discard("shop", certs);
    assertThat(p.renewed("shop")).isEmpty();
    assertThat(certs.resolve("shop.test.pem")).doesNotExist();
    assertThat(certs.resolve("shop.test.key")).doesNotExist();
    // old.test's pair is not the service's any more but was left: the directory stays with it.
    assertThat(certs.resolve("old.test.key")).isRegularFile();
  }

  @Test
  void noHostnamesStopsTheRenewalsAndWritesNothing() {
    Path certs = dir.resolve("srv/plain/certs");
    CaRouteCertificates p = provisioner();
    assertThat(p.provide("plain", certs, List.of()))
        .isEqualTo(new Outcome.Provided(List.of(), List.of()));
    assertThat(certs).doesNotExist();
  }
}
