package dev.metacircular.crypto;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * TLS key material: self-signed server certificates for first start and tests, and loading PEM
 * files (as operators have them) into in-memory JDK key stores.
 *
 * <p>Only JDK providers are used for keys and signatures (Bouncy Castle parses and builds the
 * ASN.1); no JCA provider is registered globally.
 */
public final class TlsCertificates {

  /** The alias of the key entry in {@link #keyStoreFromPem}. */
  public static final String KEY_ALIAS = "server";

  /** Certificates are back-dated by this much to tolerate clock skew between peers. */
  private static final Duration BACKDATE = Duration.ofMinutes(5);

  private TlsCertificates() {}

  /** A certificate with the private key that signed it (its own). */
  public record SelfSigned(X509Certificate certificate, PrivateKey privateKey) {
    public SelfSigned {
      if (certificate == null || privateKey == null) {
        throw new IllegalArgumentException("certificate and private key are required");
      }
    }

    @Override
    public String toString() {
      return "SelfSigned[" + certificate.getSubjectX500Principal() + ", key=redacted]";
    }
  }

  /**
   * A new ECDSA P-256 key and a self-signed SHA256withECDSA server certificate (end entity,
   * serverAuth, digitalSignature) for {@code commonName} with the given SubjectAltNames.
   */
  public static SelfSigned selfSigned(
      String commonName, List<String> dnsNames, List<String> ipAddresses, Duration validity) {
    if (commonName == null || commonName.isBlank()) {
      throw new IllegalArgumentException("commonName must not be blank");
    }
    if (validity == null || validity.isNegative() || validity.isZero()) {
      throw new IllegalArgumentException("validity must be positive");
    }
    List<GeneralName> sans = new ArrayList<>();
    for (String dns : dnsNames == null ? List.<String>of() : dnsNames) {
      if (dns == null || dns.isBlank()) {
        throw new IllegalArgumentException("DNS name must not be blank");
      }
      sans.add(new GeneralName(GeneralName.dNSName, dns));
    }
    for (String ip : ipAddresses == null ? List.<String>of() : ipAddresses) {
      if (ip == null || !looksLikeIp(ip)) {
        throw new IllegalArgumentException("not an IP address: " + ip);
      }
      sans.add(new GeneralName(GeneralName.iPAddress, ip));
    }
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), SecureRandoms.instance());
      KeyPair pair = generator.generateKeyPair();

      var name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
      Instant now = Instant.now();
      byte[] serialBytes = SecureRandoms.bytes(16);
      serialBytes[0] &= 0x7f;
      serialBytes[0] |= 0x40; // positive and never zero
      var builder =
          new JcaX509v3CertificateBuilder(
              name,
              new BigInteger(serialBytes),
              Date.from(now.minus(BACKDATE)),
              Date.from(now.plus(validity)),
              name,
              pair.getPublic());
      var extensions = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      builder.addExtension(
          Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      builder.addExtension(
          Extension.subjectKeyIdentifier,
          false,
          extensions.createSubjectKeyIdentifier(pair.getPublic()));
      if (!sans.isEmpty()) {
        builder.addExtension(
            Extension.subjectAlternativeName,
            false,
            new GeneralNames(sans.toArray(GeneralName[]::new)));
      }
      var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate());
      X509Certificate certificate =
          new JcaX509CertificateConverter().getCertificate(builder.build(signer));
      return new SelfSigned(certificate, pair.getPrivate());
    } catch (GeneralSecurityException
        | IOException
        | org.bouncycastle.operator.OperatorCreationException e) {
      throw new IllegalStateException("cannot create self-signed certificate", e);
    }
  }

  /**
   * Writes the certificate ({@code CERTIFICATE}) and the PKCS#8 key ({@code PRIVATE KEY}) as PEM.
   * The key file is (re)created with mode 0600 where the file system has POSIX permissions, before
   * any key byte is written.
   */
  public static void writePem(Path certFile, Path keyFile, SelfSigned s) {
    try {
      StringWriter certPem = new StringWriter();
      try (PemWriter writer = new PemWriter(certPem)) {
        writer.writeObject(new PemObject("CERTIFICATE", s.certificate().getEncoded()));
      }
      Files.writeString(certFile, certPem.toString(), StandardCharsets.US_ASCII);
      writePrivateKey(keyFile, s.privateKey());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write TLS files", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot encode certificate", e);
    }
  }

  /**
   * A PKCS12 key store (in memory) holding the private key and certificate chain under alias
   * {@value #KEY_ALIAS}, protected by {@code password}. The key may be PKCS#8 ({@code PRIVATE KEY}:
   * EC, RSA, Ed25519) or traditional ({@code EC PRIVATE KEY}, {@code RSA PRIVATE KEY}); encrypted
   * keys are refused. The key must match the first certificate.
   *
   * @throws IllegalArgumentException with a message naming the file, never the key content
   */
  public static KeyStore keyStoreFromPem(Path certFile, Path keyFile, char[] password) {
    if (password == null) {
      throw new IllegalArgumentException("key store password must not be null");
    }
    List<X509Certificate> chain = readCertificates(certFile, "tls_cert");
    PrivateKey key = readPrivateKey(keyFile);
    if (!matches(key, chain.get(0))) {
      throw new IllegalArgumentException(
          "tls_key: private key in " + keyFile + " does not match the certificate in " + certFile);
    }
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry(KEY_ALIAS, key, password, chain.toArray(Certificate[]::new));
      return store;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build key store", e);
    }
  }

  /** A PKCS12 trust store (in memory) with every certificate in {@code caCertFile}. */
  public static KeyStore trustStoreFromPem(Path caCertFile) {
    List<X509Certificate> cas = readCertificates(caCertFile, "tls_ca");
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      for (int i = 0; i < cas.size(); i++) {
        store.setCertificateEntry("ca-" + i, cas.get(i));
      }
      return store;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build trust store", e);
    }
  }

  private static List<X509Certificate> readCertificates(Path file, String setting) {
    List<X509Certificate> certificates = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(reader)) {
      var converter = new JcaX509CertificateConverter();
      Object o;
      while ((o = parser.readObject()) != null) {
        if (o instanceof X509CertificateHolder holder) {
          certificates.add(converter.getCertificate(holder));
        }
      }
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      if (!Files.isReadable(file)) {
        throw new IllegalArgumentException(setting + ": cannot read " + file);
      }
      throw new IllegalArgumentException(setting + ": unreadable certificate in " + file);
    }
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException(setting + ": no certificate found in " + file);
    }
    return certificates;
  }

  private static PrivateKey readPrivateKey(Path file) {
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException("tls_key: cannot read " + file);
    }
    PrivateKeyInfo info = null;
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(reader)) {
      Object o;
      while (info == null && (o = parser.readObject()) != null) {
        if (o instanceof PrivateKeyInfo pkcs8) {
          info = pkcs8;
        } else if (o instanceof PEMKeyPair traditional) {
          info = traditional.getPrivateKeyInfo();
        } else if (o instanceof PEMEncryptedKeyPair || o instanceof PKCS8EncryptedPrivateKeyInfo) {
          throw new IllegalArgumentException(
              "tls_key: encrypted private key in " + file + " is not supported");
        }
        // anything else (EC PARAMETERS, certificates) is skipped
      }
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("tls_key:")) {
        throw e;
      }
      throw new IllegalArgumentException("tls_key: unreadable private key in " + file);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("tls_key: unreadable private key in " + file);
    }
    if (info == null) {
      throw new IllegalArgumentException("tls_key: no private key found in " + file);
    }
    byte[] der = null;
    try {
      String algorithm = jcaAlgorithm(info.getPrivateKeyAlgorithm().getAlgorithm());
      der = info.getEncoded();
      return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException("tls_key: unreadable private key in " + file);
    } finally {
      if (der != null) {
        Arrays.fill(der, (byte) 0);
      }
    }
  }

  private static String jcaAlgorithm(ASN1ObjectIdentifier oid) throws GeneralSecurityException {
    if (X9ObjectIdentifiers.id_ecPublicKey.equals(oid)) {
      return "EC";
    }
    if (PKCSObjectIdentifiers.rsaEncryption.equals(oid)) {
      return "RSA";
    }
    if (PKCSObjectIdentifiers.id_RSASSA_PSS.equals(oid)) {
      return "RSASSA-PSS";
    }
    if (EdECObjectIdentifiers.id_Ed25519.equals(oid)) {
      return "Ed25519";
    }
    throw new GeneralSecurityException("unsupported key algorithm");
  }

  /** Proves the key belongs to the certificate by signing a challenge with it. */
  private static boolean matches(PrivateKey key, X509Certificate certificate) {
    String algorithm =
        switch (key.getAlgorithm()) {
          case "EC" -> "SHA256withECDSA";
          case "RSA" -> "SHA256withRSA";
          case "Ed25519", "EdDSA" -> "Ed25519";
          default -> null;
        };
    if (algorithm == null) {
      return true; // unusual key type: let the TLS handshake be the judge
    }
    try {
      byte[] challenge = SecureRandoms.bytes(32);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(challenge);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  private static void writePrivateKey(Path keyFile, PrivateKey key) throws IOException {
    byte[] der = key.getEncoded();
    byte[] body = null;
    byte[] pem = null;
    try {
      body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encode(der);
      byte[] begin = "-----BEGIN PRIVATE KEY-----\n".getBytes(StandardCharsets.US_ASCII);
      byte[] end = "\n-----END PRIVATE KEY-----\n".getBytes(StandardCharsets.US_ASCII);
      pem = new byte[begin.length + body.length + end.length];
      System.arraycopy(begin, 0, pem, 0, begin.length);
      System.arraycopy(body, 0, pem, begin.length, body.length);
      System.arraycopy(end, 0, pem, begin.length + body.length, end.length);
      boolean posix =
          Files.getFileAttributeView(
                  keyFile.toAbsolutePath().getParent(), PosixFileAttributeView.class)
              != null;
      if (posix) {
        // CREATE_NEW (O_EXCL) with the mode: the key is never readable by others, not
        // even for an instant, and a planted symlink is not followed
        Files.deleteIfExists(keyFile);
        try (SeekableByteChannel channel =
            Files.newByteChannel(
                keyFile,
                EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------")))) {
          ByteBuffer buffer = ByteBuffer.wrap(pem);
          while (buffer.hasRemaining()) {
            channel.write(buffer);
          }
        }
      } else {
        Files.write(keyFile, pem);
      }
    } finally {
      Arrays.fill(der, (byte) 0);
      if (body != null) {
        Arrays.fill(body, (byte) 0);
      }
      if (pem != null) {
        Arrays.fill(pem, (byte) 0);
      }
    }
  }

  private static boolean looksLikeIp(String s) {
    // IPv4 dotted quad or IPv6 (contains ':'); never resolves a name
    if (s.indexOf(':') >= 0) {
      return s.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.');
    }
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String p : parts) {
      if (p.isEmpty()
          || p.length() > 3
          || !p.chars().allMatch(c -> c >= '0' && c <= '9')
          || Integer.parseInt(p) > 255) {
        return false;
      }
    }
    return true;
  }
}
