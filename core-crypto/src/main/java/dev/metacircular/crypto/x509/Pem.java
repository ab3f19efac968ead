package dev.metacircular.crypto.x509;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * PEM and DER for what a CA hands out and keeps: certificates, PKCS#8 private keys, CRLs. Parsing
 * refuses anything else with an {@link IllegalArgumentException} whose message never carries key
 * material. Private keys are written and read as {@code byte[]} (never {@code String}) so callers
 * can wipe them.
 */
public final class Pem {

  private Pem() {}

  /** {@code der} in PEM under {@code type} ({@code CERTIFICATE}, {@code X509 CRL}...). */
  public static String encode(String type, byte[] der) {
    StringWriter out = new StringWriter();
    try (PemWriter writer = new PemWriter(out)) {
      writer.writeObject(new PemObject(type, der));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** A certificate in PEM. */
  public static String certificate(X509Certificate certificate) {
    return encode("CERTIFICATE", der(certificate));
  }

  /** A certificate's DER. */
  public static byte[] der(X509Certificate certificate) {
    try {
      return certificate.getEncoded();
    } catch (CertificateException e) {
      throw new IllegalStateException("unencodable certificate", e);
    }
  }

  /** The certificate encoded as {@code der}; {@code IllegalArgumentException} if it is not one. */
  public static X509Certificate certificate(byte[] der) {
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(der));
    } catch (CertificateException | ClassCastException e) {
      throw new IllegalArgumentException("not an X.509 certificate");
    }
  }

  /** Every {@code CERTIFICATE} block of {@code pem}, in order; at least one. */
  public static List<X509Certificate> certificates(String pem) {
    List<X509Certificate> out = new ArrayList<>();
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      PemObject object;
      while ((object = parser.readPemObject()) != null) {
        if (!object.getType().equals("CERTIFICATE")) {
          throw new IllegalArgumentException(
              "expected CERTIFICATE blocks, found " + object.getType());
        }
        out.add(certificate(object.getContent()));
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("malformed PEM");
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("no CERTIFICATE block");
    }
    return out;
  }

  /** A private key as PKCS#8 PEM ({@code PRIVATE KEY}), as UTF-8 bytes the caller may wipe. */
  public static byte[] privateKeyPem(PrivateKey key) {
    byte[] der = key.getEncoded();
    try {
      return encode("PRIVATE KEY", der).getBytes(StandardCharsets.US_ASCII);
    } finally {
      Arrays.fill(der, (byte) 0);
    }
  }

  /**
   * The private key in {@code pem} (PKCS#8 {@code PRIVATE KEY}, or traditional {@code EC PRIVATE
   * KEY} / {@code RSA PRIVATE KEY}); encrypted keys are refused.
   */
  public static PrivateKey privateKey(char[] pem) {
    try (PEMParser parser = new PEMParser(new java.io.CharArrayReader(pem))) {
      Object object = parser.readObject();
      PrivateKeyInfo info;
      if (object instanceof PrivateKeyInfo p) {
        info = p;
      } else if (object instanceof PEMKeyPair pair) {
        info = pair.getPrivateKeyInfo();
      } else {
        throw new IllegalArgumentException(
            "expected an unencrypted PRIVATE KEY, EC PRIVATE KEY or RSA PRIVATE KEY block");
      }
      return privateKey(info.getEncoded());
    } catch (IOException e) {
      throw new IllegalArgumentException("malformed private key PEM");
    }
  }

  /** The private key whose PKCS#8 DER is {@code pkcs8}. */
  public static PrivateKey privateKey(byte[] pkcs8) {
    try {
      PrivateKeyInfo info = PrivateKeyInfo.getInstance(pkcs8);
      String algorithm = jcaAlgorithm(info.getPrivateKeyAlgorithm().getAlgorithm());
      return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    } catch (GeneralSecurityException | IllegalArgumentException | IllegalStateException e) {
      throw new IllegalArgumentException("not a usable PKCS#8 private key");
    }
  }

  /** Whether {@code key} is the private half of {@code publicKey} (sign and verify a probe). */
  public static boolean matches(PrivateKey key, PublicKey publicKey) {
    try {
      CertificateKeyType type =
          CertificateKeyType.of(publicKey)
              .orElseThrow(() -> new IllegalArgumentException("unsupported public key"));
      byte[] probe = "metacircular key probe".getBytes(StandardCharsets.US_ASCII);
      java.security.Signature signer =
          java.security.Signature.getInstance(type.signatureAlgorithm());
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      java.security.Signature verifier =
          java.security.Signature.getInstance(type.signatureAlgorithm());
      verifier.initVerify(publicKey);
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  private static String jcaAlgorithm(ASN1ObjectIdentifier oid) throws GeneralSecurityException {
    if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
      return "EC";
    }
    if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)) {
      return "RSA";
    }
    if (oid.equals(EdECObjectIdentifiers.id_Ed25519)) {
      return "Ed25519";
    }
    throw new GeneralSecurityException("unsupported key algorithm");
  }
}
