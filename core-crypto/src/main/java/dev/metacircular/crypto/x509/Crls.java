package dev.metacircular.crypto.x509;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;

/**
 * Certificate revocation lists (RFC 5280 §5), complete or delta, signed by a {@link
 * CertificateSigner}: the issuer's name, the authority key identifier, a CRL number, and for a
 * delta CRL the base CRL's number; a complete CRL may name where its delta is (freshest CRL).
 */
public final class Crls {

  private Crls() {}

  /** One revoked certificate. */
  public record Revoked(BigInteger serial, Instant revokedAt) {
    public Revoked {
      Objects.requireNonNull(serial, "serial");
      Objects.requireNonNull(revokedAt, "revokedAt");
    }
  }

  /**
   * A CRL's DER.
   *
   * @param deltaBase the base CRL's number for a delta CRL, or null for a complete one
   * @param freshestUrl where the delta CRL is (complete CRLs only), or null
   */
  public static byte[] build(
      CertificateSigner signer,
      BigInteger number,
      Instant thisUpdate,
      Instant nextUpdate,
      List<Revoked> revoked,
      BigInteger deltaBase,
      String freshestUrl) {
    try {
      X509v2CRLBuilder builder =
          new X509v2CRLBuilder(
              X500Name.getInstance(signer.certificate().getSubjectX500Principal().getEncoded()),
              Date.from(thisUpdate));
      builder.setNextUpdate(Date.from(nextUpdate));
      for (Revoked r : revoked) {
        builder.addCRLEntry(r.serial(), Date.from(r.revokedAt()), CRLReason.unspecified);
      }
      builder.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          new JcaX509ExtensionUtils()
              .createAuthorityKeyIdentifier(signer.certificate().getPublicKey()));
      builder.addExtension(Extension.cRLNumber, false, new CRLNumber(number));
      if (deltaBase != null) {
        builder.addExtension(Extension.deltaCRLIndicator, true, new ASN1Integer(deltaBase));
      } else if (freshestUrl != null) {
        DistributionPoint point =
            new DistributionPoint(
                new DistributionPointName(
                    new GeneralNames(
                        new GeneralName(GeneralName.uniformResourceIdentifier, freshestUrl))),
                null,
                null);
        builder.addExtension(
            Extension.freshestCRL, false, new CRLDistPoint(new DistributionPoint[] {point}));
      }
      return builder.build(signer.contentSigner()).getEncoded();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build the CRL", e);
    }
  }

  /** {@code der} in PEM ({@code X509 CRL}). */
  public static String pem(byte[] der) {
    return Pem.encode("X509 CRL", der);
  }
}
