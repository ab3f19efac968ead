package dev.metacircular.crypto.x509;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;

/**
 * Certificates round-trip to the JDK whatever provider signed them: an issuer of each key type (EC
 * keys sign with Bouncy Castle's provider, the others with the JDK's) issues leaves that the JDK's
 * own verification accepts against the issuer's key, named and identified as the issuer (issuer DN,
 * authority key identifier = the issuer's subject key identifier), again and again from the same
 * signer (what it keeps per issuer must not wear out).
 */
class CertificateSignerProperties {

  @Provide
  Arbitrary<CertificateKeyType> types() {
    // RSA-3072/4096 add nothing here but minutes of key generation.
    return Arbitraries.of(
        CertificateKeyType.EC_P256,
        CertificateKeyType.EC_P384,
        CertificateKeyType.RSA_2048,
        CertificateKeyType.ED25519);
  }

  @Property(tries = 12)
  void leavesIssuedByAnIssuerVerifyWithTheJdkAndNameTheirIssuer(
      @ForAll("types") CertificateKeyType issuerType, @ForAll("types") CertificateKeyType leafType)
      throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    KeyPair issuerPair = issuerType.generate();
    X509Certificate issuerCertificate =
        CertificateSigner.selfSigned(
            CertificateProfile.authority(
                "Issuer", BigInteger.TWO, now, now.plus(1, ChronoUnit.DAYS), null),
            issuerPair);
    issuerCertificate.verify(issuerPair.getPublic());
    CertificateSigner signer = new CertificateSigner(issuerCertificate, issuerPair.getPrivate());

    for (int i = 1; i <= 3; i++) {
      KeyPair leaf = leafType.generate();
      X509Certificate issued =
          signer.issue(
              new CertificateProfile(
                  "leaf" + i + ".example.test",
                  BigInteger.valueOf(100 + i),
                  now,
                  now.plus(1, ChronoUnit.HOURS),
                  List.of("leaf" + i + ".example.test"),
                  List.of(),
                  List.of(),
                  false,
                  null,
                  true,
                  false,
                  null,
                  null,
                  null),
              leaf.getPublic());

      issued.verify(issuerPair.getPublic()); // the JDK's provider, not the one that signed
      assertThat(issued.getSigAlgName()).isEqualToIgnoringCase(issuerType.signatureAlgorithm());
      assertThat(issued.getIssuerX500Principal())
          .isEqualTo(issuerCertificate.getSubjectX500Principal());
      assertThat(issued.getPublicKey()).isEqualTo(leaf.getPublic());
      byte[] issuerSki =
          SubjectKeyIdentifier.fromExtensions(
                  new JcaX509CertificateHolder(issuerCertificate).getExtensions())
              .getKeyIdentifier();
      AuthorityKeyIdentifier aki =
          AuthorityKeyIdentifier.fromExtensions(
              new JcaX509CertificateHolder(issued).getExtensions());
      assertThat(aki.getKeyIdentifier()).isEqualTo(issuerSki);
      assertThat(new JcaX509CertificateHolder(issued).getExtension(Extension.basicConstraints))
          .isNotNull();
    }
  }
}
