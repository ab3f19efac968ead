package dev.metacircular.apps.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.crypto.TlsCertificates;
import dev.metacircular.ports.pki.in.IssuedCertificate;
import dev.metacircular.ports.pki.in.PrivateKeyPem;
import dev.metacircular.ports.pki.in.SerialNumber;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The renewer's schedule and files, and the key manager's reloading, over files on disk. */
class CertificateRenewerTest {
  @TempDir Path dir;

  /** A CA stand-in: a fresh self-signed certificate per call. */
  private IssuedCertificate issue(Duration validity) throws Exception {
    TlsCertificates.SelfSigned s =
        TlsCertificates.selfSigned("localhost", List.of("localhost"), List.of(), validity);
    Path c = Files.createTempFile(dir, "c", ".pem");
    Path k = Files.createTempFile(dir, "k", ".pem");
    TlsCertificates.writePem(c, k, s);
    String pem = Files.readString(c);
    // An "issuer" named as the leaf's issuer is, so the written chain links up.
    TlsCertificates.writePem(
        c, k, TlsCertificates.selfSigned("localhost", List.of(), List.of(), validity));
    String issuer = Files.readString(c);
    TlsCertificates.writePem(c, k, s);
    return new IssuedCertificate(
        pem,
        new PrivateKeyPem(Files.readAllBytes(k)),
        issuer,
        List.of(issuer),
        new SerialNumber(s.certificate().getSerialNumber()),
        s.certificate().getNotAfter().toInstant());
  }

  private Supplier<IssuedCertificate> ca(Duration validity, AtomicInteger calls) {
    return () -> {
      calls.incrementAndGet();
      try {
        return issue(validity);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    };
  }

  @Test
  void renewalIsDueAtTwoThirdsOfTheLifeFromNotBefore() throws Exception {
    X509Certificate c =
        TlsCertificates.selfSigned("x", List.of(), List.of(), Duration.ofDays(30)).certificate();
    Instant from = c.getNotBefore().toInstant();
    Duration life = Duration.between(from, c.getNotAfter().toInstant());
    assertThat(CertificateRenewer.renewalTime(c))
        .isEqualTo(from.plus(life.multipliedBy(2).dividedBy(3)));
  }

  @Test
  void renewingWritesTheKeyOwnerOnlyAndTheKeyManagerServesTheNewPairAtTheNextHandshake()
      throws Exception {
    Path cert = dir.resolve("server.crt");
    Path key = dir.resolve("server.key");
    AtomicInteger calls = new AtomicInteger();
    try (CertificateRenewer renewer =
        new CertificateRenewer("t", ca(Duration.ofDays(30), calls), cert, key, Clock.systemUTC())) {
      assertThat(renewer.present()).isFalse();
      X509Certificate first = renewer.renewNow();
      assertThat(renewer.present()).isTrue();
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
          .isEqualTo("rw-------");
      assertThat(Files.readString(cert).split("BEGIN CERTIFICATE", -1)).hasSize(3); // leaf, issuer

      ReloadingTlsKeys keys = ReloadingTlsKeys.load(cert, key);
      assertThat(keys.certificate().getSerialNumber()).isEqualTo(first.getSerialNumber());
      String alias = keys.chooseEngineServerAlias("EC", null, null);
      assertThat(keys.chooseEngineServerAlias("RSA", null, null)).isNull();
      assertThat(keys.getCertificateChain(alias)[0]).isEqualTo(first);

      X509Certificate second = renewer.renewNow();
      assertThat(keys.refresh()).isTrue();
      assertThat(keys.certificate().getSerialNumber()).isEqualTo(second.getSerialNumber());
      String next = keys.chooseEngineServerAlias("EC", null, null);
      assertThat(next).isNotEqualTo(alias);
      // A handshake that chose the old alias still gets the old pair, never a mix.
      assertThat(keys.getCertificateChain(alias)[0]).isEqualTo(first);
      assertThat(keys.getPrivateKey(next)).isNotEqualTo(keys.getPrivateKey(alias));
      assertThat(keys.refresh()).isFalse(); // nothing changed since
      assertThat(calls).hasValue(2);
    }
  }

  @Test
  void aHalfReplacedPairIsNotTakenAndTheLastGoodOneStaysServed() throws Exception {
    Path cert = dir.resolve("server.crt");
    Path key = dir.resolve("server.key");
    AtomicInteger calls = new AtomicInteger();
    try (CertificateRenewer renewer =
        new CertificateRenewer("t", ca(Duration.ofDays(30), calls), cert, key, Clock.systemUTC())) {
      X509Certificate first = renewer.renewNow();
      ReloadingTlsKeys keys = ReloadingTlsKeys.load(cert, key);
      IssuedCertificate other = issue(Duration.ofDays(30));
      CertificateRenewer.writeAtomically(key, other.privateKey().pem(), true); // key only
      assertThat(keys.refresh()).isFalse();
      assertThat(keys.certificate().getSerialNumber()).isEqualTo(first.getSerialNumber());
      CertificateRenewer.writeAtomically(
          cert, other.certificate().getBytes(java.nio.charset.StandardCharsets.US_ASCII), false);
      assertThat(keys.refresh()).isTrue();
      assertThat(keys.certificate().getSerialNumber()).isEqualTo(other.serialNumber().value());
    }
  }

  @Test
  void startIssuesWhenThereIsNoCertificateAndLeavesAFreshOneAlone() throws Exception {
    Path cert = dir.resolve("server.crt");
    Path key = dir.resolve("server.key");
    AtomicInteger calls = new AtomicInteger();
    try (CertificateRenewer renewer =
        new CertificateRenewer("t", ca(Duration.ofDays(30), calls), cert, key, Clock.systemUTC())) {
      renewer.start();
      waitFor(() -> calls.get() == 1 && renewer.present());
      byte[] issued = Files.readAllBytes(cert);
      renewer.start(); // checks again: far from due
      Thread.sleep(300);
      assertThat(calls).hasValue(1);
      assertThat(Files.readAllBytes(cert)).isEqualTo(issued);
    }
  }

  @Test
  void aCaThatFailsIsRetriedAndItsErrorPropagatesOnDemand() throws Exception {
    Path cert = dir.resolve("server.crt");
    Path key = dir.resolve("server.key");
    AtomicInteger calls = new AtomicInteger();
    Supplier<IssuedCertificate> down =
        () -> {
          calls.incrementAndGet();
          throw new IllegalStateException("the CA is sealed");
        };
    try (CertificateRenewer renewer =
        new CertificateRenewer("t", down, cert, key, Clock.systemUTC())) {
      assertThatThrownBy(renewer::renewNow).hasMessage("the CA is sealed");
      assertThat(renewer.present()).isFalse();
      renewer.start();
      waitFor(() -> calls.get() >= 3); // retried every second while there is no certificate
    }
  }

  private static void waitFor(java.util.function.BooleanSupplier condition) throws Exception {
    Instant deadline = Instant.now().plusSeconds(10);
    while (!condition.getAsBoolean()) {
      assertThat(Instant.now()).as("waited 10 s").isBefore(deadline);
      Thread.sleep(50);
    }
  }
}
