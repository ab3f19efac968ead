package dev.metacircular.crypto.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.crypto.SecureRandoms;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/** Certificates and public keys survive their wire form; any flipped byte is caught. */
class SshCertificateProperties {

  private static final SshSigningKey CA =
      SshSigningKey.generate(SshKeyType.ED25519, SecureRandoms.instance());
  private static final SshSigningKey P256 =
      SshSigningKey.generate(SshKeyType.ECDSA_P256, SecureRandoms.instance());
  private static final SshPublicKey USER_KEY =
      SshSigningKey.generate(SshKeyType.ECDSA_P384, SecureRandoms.instance()).publicKey();

  @Provide
  Arbitrary<String> names() {
    return Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(20);
  }

  @Property(tries = 200)
  void aSignedCertificateReadsBackAsWrittenWithAValidSignature(
      @ForAll long serial,
      @ForAll @StringLength(max = 40) String keyId,
      @ForAll @Size(min = 1, max = 5) List<@StringLength(min = 1, max = 30) String> principals,
      @ForAll boolean host,
      @ForAll boolean ecdsa,
      @ForAll("names") String extension) {
    SshCertificate cert =
        new SshCertificate(
            USER_KEY,
            SecureRandoms.bytes(32),
            serial,
            host ? SshCertificate.HOST : SshCertificate.USER,
            keyId,
            principals,
            1000,
            2000,
            new TreeMap<>(Map.of("force-command", keyId)),
            new TreeMap<>(Map.of(extension, "")));
    SshSigningKey ca = ecdsa ? P256 : CA;
    SshCertificate.Parsed parsed = SshCertificate.parse(cert.signWith(ca));
    assertThat(parsed.certificate()).isEqualTo(cert);
    assertThat(parsed.caKey()).isEqualTo(ca.publicKey());
    assertThat(parsed.signatureValid()).isTrue();
  }

  @Property(tries = 300)
  void aFlippedByteNeverPassesAsTheSameValidCertificate(
      @ForAll long serial, @ForAll int position, @ForAll byte mask) {
    SshCertificate cert =
        new SshCertificate(
            USER_KEY,
            new byte[16],
            serial,
            SshCertificate.USER,
            "k",
            List.of("p"),
            1,
            2,
            new TreeMap<>(),
            new TreeMap<>());
    byte[] signed = cert.signWith(CA);
    byte flip = mask == 0 ? 1 : mask;
    int at = Math.floorMod(position, signed.length);
    signed[at] ^= flip;
    try {
      SshCertificate.Parsed parsed = SshCertificate.parse(signed);
      assertThat(parsed.signatureValid() && parsed.caKey().equals(CA.publicKey())).isFalse();
    } catch (IllegalArgumentException refused) {
      // a malformed certificate is refused outright: also fine
    }
  }

  @Property(tries = 300)
  void publicKeyParsingRefusesGarbageOnlyWithIllegalArgument(@ForAll byte[] blob) {
    try {
      SshPublicKey key = SshPublicKey.fromBlob(blob);
      assertThat(SshPublicKey.parse(key.line("c"))).isEqualTo(key);
    } catch (IllegalArgumentException refused) {
      assertThat(refused.getMessage()).isNotBlank();
    }
  }

  @Property(tries = 100)
  void publicKeyLinesRoundTrip(@ForAll boolean rsaLike) {
    SshPublicKey key =
        SshSigningKey.generate(
                rsaLike ? SshKeyType.ECDSA_P256 : SshKeyType.ED25519, SecureRandoms.instance())
            .publicKey();
    assertThat(SshPublicKey.parse(key.line("me@host"))).isEqualTo(key);
    assertThat(SshPublicKey.fromBlob(key.blob()).fingerprint()).isEqualTo(key.fingerprint());
  }

  @Property(tries = 100)
  void signaturesVerifyOnlyOverTheSignedData(@ForAll byte[] data, @ForAll byte[] other) {
    for (SshSigningKey key : List.of(CA, P256)) {
      byte[] sig = key.sign(data);
      assertThat(SshSigningKey.verify(key.publicKey(), data, sig)).isTrue();
      if (!java.util.Arrays.equals(data, other)) {
        assertThat(SshSigningKey.verify(key.publicKey(), other, sig)).isFalse();
      }
    }
  }
}
