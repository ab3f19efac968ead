package dev.metacircular.crypto.x509;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** PEM and DER round trips of what the CA hands out and keeps. */
class PemProperties {

  private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");

  @Provide
  Arbitrary<CertificateKeyType> keyTypes() {
    // RSA keys take long to generate: the fast types for many tries, RSA in its own example.
    return Arbitraries.of(
        CertificateKeyType.EC_P256, CertificateKeyType.EC_P384, CertificateKeyType.ED25519);
  }

  @Property(tries = 30)
  void certificatesRoundTripThroughPemAndDer(
      @ForAll("keyTypes") CertificateKeyType type, @ForAll("serials") BigInteger serial) {
    KeyPair pair = type.generate();
    X509Certificate certificate =
        CertificateSigner.selfSigned(
            CertificateProfile.authority("Root " + type, serial, NOW, NOW.plusSeconds(3600), null),
            pair);
    String pem = Pem.certificate(certificate);
    assertThat(Pem.certificates(pem)).containsExactly(certificate);
    assertThat(Pem.certificate(Pem.der(certificate))).isEqualTo(certificate);
    assertThat(Pem.certificates(pem + pem)).hasSize(2);
    assertThat(certificate.getSerialNumber()).isEqualTo(serial);
  }

  @Property(tries = 30)
  void privateKeysRoundTripThroughPkcs8Pem(@ForAll("keyTypes") CertificateKeyType type) {
    KeyPair pair = type.generate();
    byte[] pem = Pem.privateKeyPem(pair.getPrivate());
    char[] chars = new String(pem, StandardCharsets.US_ASCII).toCharArray();
    assertThat(Pem.privateKey(chars).getEncoded()).isEqualTo(pair.getPrivate().getEncoded());
    assertThat(Pem.privateKey(pair.getPrivate().getEncoded()).getEncoded())
        .isEqualTo(pair.getPrivate().getEncoded());
    assertThat(Pem.matches(pair.getPrivate(), pair.getPublic())).isTrue();
    assertThat(Pem.matches(type.generate().getPrivate(), pair.getPublic())).isFalse();
  }

  @Provide
  Arbitrary<BigInteger> serials() {
    return Arbitraries.bigIntegers().between(BigInteger.ONE, BigInteger.TWO.pow(159));
  }

  @Property(tries = 50)
  void randomSerialsArePositiveAndAtLeast64Bits(
      @ForAll @net.jqwik.api.constraints.IntRange(min = 64, max = 159) int bits) {
    BigInteger serial = CertificateSigner.randomSerial(bits);
    assertThat(serial.signum()).isPositive();
    assertThat(serial.bitLength()).isBetween(bits - 8, bits);
  }

  @Example
  void rsaKeysRoundTripToo() {
    KeyPair pair = CertificateKeyType.RSA_2048.generate();
    char[] chars =
        new String(Pem.privateKeyPem(pair.getPrivate()), StandardCharsets.US_ASCII).toCharArray();
    assertThat(Pem.privateKey(chars)).isEqualTo(pair.getPrivate());
    assertThat(CertificateKeyType.of(pair.getPublic())).contains(CertificateKeyType.RSA_2048);
  }

  @Example
  void garbageIsRefusedWithoutKeyMaterialInTheMessage() {
    assertThatThrownBy(() -> Pem.certificates("not pem"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                Pem.privateKey(
                    "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n".toCharArray()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("AAAA");
    assertThatThrownBy(
            () ->
                CertificateRequest.parsePem(
                    "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CertificateSigner.randomSerial(63))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(List.of(CertificateKeyType.values())).hasSize(6);
  }
}
