package dev.metacircular.crypto.x509;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.X509ObjectIdentifiers;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A CA's signing key with its certificate: issues certificates from a {@link CertificateProfile}
 * and signs CRLs and OCSP responses ({@link Crls}, {@link OcspResponder}). A root signs itself
 * ({@link #selfSigned}). Every certificate gets a subject key identifier and, when issued by
 * another, the issuer's key identifier as its authority key identifier; key usage follows the
 * profile (CA: keyCertSign + cRLSign; leaf: digitalSignature, plus keyEncipherment for RSA keys).
 * Bouncy Castle builds the ASN.1; EC keys sign with its provider ({@link BouncyCastleEc}, faster
 * than the JDK's), RSA and Ed25519 keys with the JDK's. What every certificate of one issuer
 * repeats (its name, its authority key identifier, its key in the signing provider's form) is
 * computed once, when the signer is made.
 */
public final class CertificateSigner {
  private final X509Certificate certificate;
  private final PrivateKey key;
  private final CertificateKeyType keyType;
  private final X500Name name;
  private final AuthorityKeyIdentifier authorityKeyId;

  /** A signer for {@code certificate} with its {@code key}; refuses a key that does not match. */
  public CertificateSigner(X509Certificate certificate, PrivateKey key) {
    this.certificate = Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(key, "key");
    this.keyType =
        CertificateKeyType.of(certificate.getPublicKey())
            .orElseThrow(() -> new IllegalArgumentException("unsupported CA key type"));
    if (!Pem.matches(key, certificate.getPublicKey())) {
      throw new IllegalArgumentException("the private key does not match the certificate");
    }
    this.key = ec(keyType) ? BouncyCastleEc.translate(key) : key;
    this.name = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
    try {
      this.authorityKeyId =
          new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(certificate.getPublicKey());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot compute the authority key identifier", e);
    }
  }

  /** A self-signed CA certificate for {@code pair} (a root). */
  public static X509Certificate selfSigned(CertificateProfile profile, KeyPair pair) {
    CertificateKeyType type =
        CertificateKeyType.of(pair.getPublic())
            .orElseThrow(() -> new IllegalArgumentException("unsupported key type"));
    X500Name subject = name(profile.commonName());
    return build(profile, subject, subject, pair.getPublic(), null, pair.getPrivate(), type);
  }

  /** A certificate for {@code subjectKey} as {@code profile} says, signed by this CA. */
  public X509Certificate issue(CertificateProfile profile, PublicKey subjectKey) {
    return build(
        profile, name, name(profile.commonName()), subjectKey, authorityKeyId, key, keyType);
  }

  public X509Certificate certificate() {
    return certificate;
  }

  public CertificateKeyType keyType() {
    return keyType;
  }

  /** A content signer over this CA's key, for CRLs and OCSP responses. */
  ContentSigner contentSigner() {
    return contentSigner(key, keyType);
  }

  private static X509Certificate build(
      CertificateProfile profile,
      X500Name issuer,
      X500Name subject,
      PublicKey subjectKey,
      AuthorityKeyIdentifier authorityKeyId,
      PrivateKey signingKey,
      CertificateKeyType signingType) {
    try {
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              issuer,
              profile.serial(),
              Date.from(profile.notBefore()),
              Date.from(profile.notAfter()),
              subject,
              subjectKey);
      builder.addExtension(
          Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKey));
      if (authorityKeyId != null) {
        builder.addExtension(Extension.authorityKeyIdentifier, false, authorityKeyId);
      }
      if (profile.ca()) {
        builder.addExtension(
            Extension.basicConstraints,
            true,
            profile.pathLength() == null
                ? new BasicConstraints(true)
                : new BasicConstraints(profile.pathLength()));
        builder.addExtension(
            Extension.keyUsage,
            true,
            new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
      } else {
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        int usage = KeyUsage.digitalSignature;
        if (subjectKey.getAlgorithm().equals("RSA")) {
          usage |= KeyUsage.keyEncipherment;
        }
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
        List<KeyPurposeId> purposes = new ArrayList<>();
        if (profile.serverAuth()) {
          purposes.add(KeyPurposeId.id_kp_serverAuth);
        }
        if (profile.clientAuth()) {
          purposes.add(KeyPurposeId.id_kp_clientAuth);
        }
        if (!purposes.isEmpty()) {
          builder.addExtension(
              Extension.extendedKeyUsage,
              false,
              new ExtendedKeyUsage(purposes.toArray(KeyPurposeId[]::new)));
        }
      }
      GeneralNames names = alternativeNames(profile);
      if (names != null) {
        boolean emptySubject = profile.commonName() == null || profile.commonName().isEmpty();
        builder.addExtension(Extension.subjectAlternativeName, emptySubject, names);
      }
      if (profile.crlUrl() != null) {
        DistributionPoint point =
            new DistributionPoint(
                new DistributionPointName(
                    new GeneralNames(
                        new GeneralName(GeneralName.uniformResourceIdentifier, profile.crlUrl()))),
                null,
                null);
        builder.addExtension(
            Extension.cRLDistributionPoints,
            false,
            new CRLDistPoint(new DistributionPoint[] {point}));
      }
      List<AccessDescription> access = new ArrayList<>();
      if (profile.ocspUrl() != null) {
        access.add(
            new AccessDescription(
                X509ObjectIdentifiers.ocspAccessMethod,
                new GeneralName(GeneralName.uniformResourceIdentifier, profile.ocspUrl())));
      }
      if (profile.issuerUrl() != null) {
        access.add(
            new AccessDescription(
                AccessDescription.id_ad_caIssuers,
                new GeneralName(GeneralName.uniformResourceIdentifier, profile.issuerUrl())));
      }
      if (!access.isEmpty()) {
        builder.addExtension(
            Extension.authorityInfoAccess,
            false,
            new AuthorityInformationAccess(access.toArray(AccessDescription[]::new)));
      }
      return new JcaX509CertificateConverter()
          .getCertificate(builder.build(contentSigner(signingKey, signingType)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build the certificate", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static GeneralNames alternativeNames(CertificateProfile profile) {
    List<GeneralName> names = new ArrayList<>();
    for (String dns : profile.dnsNames()) {
      names.add(new GeneralName(GeneralName.dNSName, dns));
    }
    for (InetAddress ip : profile.ipAddresses()) {
      names.add(new GeneralName(GeneralName.iPAddress, new DEROctetString(ip.getAddress())));
    }
    for (String uri : profile.uris()) {
      names.add(new GeneralName(GeneralName.uniformResourceIdentifier, uri));
    }
    return names.isEmpty() ? null : new GeneralNames(names.toArray(GeneralName[]::new));
  }

  static X500Name name(String commonName) {
    X500NameBuilder builder = new X500NameBuilder(BCStyle.INSTANCE);
    if (commonName != null && !commonName.isEmpty()) {
      builder.addRDN(BCStyle.CN, commonName);
    }
    return builder.build();
  }

  static ContentSigner contentSigner(PrivateKey key, CertificateKeyType type) {
    try {
      JcaContentSignerBuilder builder = new JcaContentSignerBuilder(type.signatureAlgorithm());
      if (ec(type)) {
        builder.setProvider(BouncyCastleEc.PROVIDER);
      }
      return builder.setSecureRandom(dev.metacircular.crypto.SecureRandoms.instance()).build(key);
    } catch (OperatorCreationException e) {
      throw new IllegalStateException("cannot sign with a " + type.wireName() + " key", e);
    }
  }

  private static boolean ec(CertificateKeyType type) {
    return type.algorithm().equals("EC");
  }

  /** A positive random serial of {@code bits} bits (at least 64), from the process CSPRNG. */
  public static BigInteger randomSerial(int bits) {
    if (bits < 64) {
      throw new IllegalArgumentException("serials need at least 64 bits");
    }
    BigInteger serial;
    do {
      serial = new BigInteger(bits, dev.metacircular.crypto.SecureRandoms.instance());
    } while (serial.bitLength() < bits - 8 || serial.signum() == 0);
    return serial;
  }
}
