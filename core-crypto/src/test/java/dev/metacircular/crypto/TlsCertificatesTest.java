package dev.metacircular.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsCertificatesTest {

  private static final char[] PASSWORD = "changeit".toCharArray();

  @TempDir Path dir;

  @Test
  void selfSignedCertificateHasTheRequestedNamesAndUsage() throws Exception {
    var s =
        TlsCertificates.selfSigned(
            "mcias.local",
            List.of("mcias.local", "localhost"),
            List.of("127.0.0.1", "::1"),
            Duration.ofDays(30));
    X509Certificate cert = s.certificate();

    assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=mcias.local");
    assertThat(cert.getSigAlgName()).isEqualTo("SHA256withECDSA");
    assertThat(cert.getPublicKey().getAlgorithm()).isEqualTo("EC");
    assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    assertThat(cert.getBasicConstraints()).isEqualTo(-1);
    List<Object> sanValues = new java.util.ArrayList<>();
    cert.getSubjectAlternativeNames().forEach(san -> sanValues.add(san.get(1)));
    assertThat(sanValues).contains("mcias.local", "localhost", "127.0.0.1");
    assertThat(cert.getSubjectAlternativeNames()).hasSize(4);
    assertThat(cert.getNotAfter()).isAfter(Date.from(Instant.now().plus(Duration.ofDays(29))));
    cert.checkValidity();
    cert.verify(cert.getPublicKey());
    assertThat(s.toString()).doesNotContain("EC Private");
  }

  @Test
  void refusesBadInput() {
    assertThatThrownBy(
            () -> TlsCertificates.selfSigned(" ", List.of(), List.of(), Duration.ofDays(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                TlsCertificates.selfSigned(
                    "x", List.of(), List.of("example.org"), Duration.ofDays(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an IP address");
    assertThatThrownBy(
            () ->
                TlsCertificates.selfSigned(
                    "x", List.of(), List.of("256.1.1.1"), Duration.ofDays(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TlsCertificates.selfSigned("x", List.of(), List.of(), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void writePemThenKeyStoreFromPemRoundTrips() throws Exception {
    var s =
        TlsCertificates.selfSigned(
            "server", List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(1));
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    TlsCertificates.writePem(cert, key, s);

    assertThat(Files.readString(cert)).startsWith("-----BEGIN CERTIFICATE-----");
    assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");
    if (Files.getFileAttributeView(key, java.nio.file.attribute.PosixFileAttributeView.class)
        != null) {
      assertThat(Files.getPosixFilePermissions(key))
          .containsExactlyInAnyOrder(
              PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    KeyStore store = TlsCertificates.keyStoreFromPem(cert, key, PASSWORD);
    assertThat(store.getType()).isEqualToIgnoringCase("PKCS12");
    assertThat(store.getCertificate("server")).isEqualTo(s.certificate());
    assertThat(store.getKey("server", PASSWORD).getEncoded())
        .isEqualTo(s.privateKey().getEncoded());

    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(store, PASSWORD);
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(TlsCertificates.trustStoreFromPem(cert));
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    assertThat(context.getProtocol()).isEqualTo("TLS");
  }

  @Test
  void writePemReplacesAnExistingKeyFileWithAPrivateOne() throws Exception {
    var s = TlsCertificates.selfSigned("server", List.of(), List.of(), Duration.ofDays(1));
    Path key = dir.resolve("key.pem");
    Files.writeString(key, "old");
    TlsCertificates.writePem(dir.resolve("cert.pem"), key, s);
    assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");
  }

  /** Written by {@code openssl ecparam -name prime256v1 -genkey}; a throwaway test key. */
  private static final String OPENSSL_EC_KEY =
      """
            -----BEGIN EC PARAMETERS-----
            BggqhkjOPQMBBw==
            -----END EC PARAMETERS-----
            -----BEGIN EC PRIVATE KEY-----
            MHcCAQEEIAiPjawsGE7EYsayq/AbmxlnfSXtwL9iE93oF05Hho42oAoGCCqGSM49
            AwEHoUQDQgAELrjcwHJCBBPJ89PejB9Dk0zpsJva6KlQPe/9msVIyOAn8syxEJXi
            LET1L9s3XRTLGs6Ix7sHS4Ntzt/mB2/pSw==
            -----END EC PRIVATE KEY-----
            """;

  @Test
  void readsOpensslTraditionalEcKeysWithParametersBlock() throws Exception {
    PEMKeyPair parsed;
    try (PEMParser parser = new PEMParser(new StringReader(OPENSSL_EC_KEY))) {
      parser.readObject(); // EC PARAMETERS
      parsed = (PEMKeyPair) parser.readObject();
    }
    KeyPair pair = new JcaPEMKeyConverter().getKeyPair(parsed);
    Path cert = writeCert(pair, "SHA256withECDSA");
    Path key = Files.writeString(dir.resolve("ec.pem"), OPENSSL_EC_KEY);

    KeyStore store = TlsCertificates.keyStoreFromPem(cert, key, PASSWORD);
    assertThat(store.getKey("server", PASSWORD).getAlgorithm()).isEqualTo("EC");
    assertThat(store.getCertificateChain("server")).hasSize(1);
  }

  @Test
  void readsTraditionalRsaKeys() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair pair = generator.generateKeyPair();
    Path cert = writeCert(pair, "SHA256withRSA");
    Path key = dir.resolve("rsa.pem");
    Files.writeString(key, traditionalPem(pair.getPrivate()));
    assertThat(Files.readString(key)).contains("-----BEGIN RSA PRIVATE KEY-----");

    KeyStore store = TlsCertificates.keyStoreFromPem(cert, key, PASSWORD);
    assertThat(store.getKey("server", PASSWORD).getAlgorithm()).isEqualTo("RSA");
  }

  @Test
  void readsEd25519Pkcs8Keys() throws Exception {
    KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    Path cert = writeCert(pair, "Ed25519");
    Path key = dir.resolve("ed.pem");
    Files.writeString(
        key,
        "-----BEGIN PRIVATE KEY-----\n"
            + java.util.Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n");

    KeyStore store = TlsCertificates.keyStoreFromPem(cert, key, PASSWORD);
    assertThat(store.getKey("server", PASSWORD).getAlgorithm()).isIn("Ed25519", "EdDSA");
  }

  @Test
  void clearErrorsNameTheSettingAndTheFile() throws Exception {
    var s = TlsCertificates.selfSigned("server", List.of(), List.of(), Duration.ofDays(1));
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    TlsCertificates.writePem(cert, key, s);
    Path empty = Files.writeString(dir.resolve("empty.pem"), "nothing here\n");
    Path missing = dir.resolve("missing.pem");
    Path garbageKey =
        Files.writeString(
            dir.resolve("garbage.pem"),
            "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");

    assertThatThrownBy(() -> TlsCertificates.keyStoreFromPem(empty, key, PASSWORD))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tls_cert: no certificate found in " + empty);
    assertThatThrownBy(() -> TlsCertificates.keyStoreFromPem(missing, key, PASSWORD))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tls_cert: cannot read " + missing);
    assertThatThrownBy(() -> TlsCertificates.keyStoreFromPem(cert, garbageKey, PASSWORD))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tls_key: unreadable private key in " + garbageKey);
    assertThatThrownBy(() -> TlsCertificates.keyStoreFromPem(cert, empty, PASSWORD))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tls_key: no private key found in " + empty);
    assertThatThrownBy(() -> TlsCertificates.keyStoreFromPem(cert, missing, PASSWORD))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tls_key: cannot read " + missing);
    assertThatThrownBy(() -> TlsCertificates.trustStoreFromPem(empty))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tls_ca: no certificate found in " + empty);

    var other = TlsCertificates.selfSigned("other", List.of(), List.of(), Duration.ofDays(1));
    Path otherKey = dir.resolve("other-key.pem");
    TlsCertificates.writePem(dir.resolve("other-cert.pem"), otherKey, other);
    assertThatThrownBy(() -> TlsCertificates.keyStoreFromPem(cert, otherKey, PASSWORD))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not match");
  }

  @Test
  void trustStoreHoldsEveryCertificateOfABundle() throws Exception {
    var a = TlsCertificates.selfSigned("a", List.of(), List.of(), Duration.ofDays(1));
    var b = TlsCertificates.selfSigned("b", List.of(), List.of(), Duration.ofDays(1));
    Path certA = dir.resolve("a.pem");
    Path certB = dir.resolve("b.pem");
    TlsCertificates.writePem(certA, dir.resolve("a-key.pem"), a);
    TlsCertificates.writePem(certB, dir.resolve("b-key.pem"), b);
    Path bundle =
        Files.writeString(
            dir.resolve("bundle.pem"), Files.readString(certA) + Files.readString(certB));

    KeyStore trust = TlsCertificates.trustStoreFromPem(bundle);
    assertThat(trust.size()).isEqualTo(2);
    assertThat(trust.getCertificateAlias(b.certificate())).isNotNull();
  }

  private Path writeCert(KeyPair pair, String signatureAlgorithm) throws Exception {
    X500Name name = new X500Name("CN=test");
    var builder =
        new JcaX509v3CertificateBuilder(
            name,
            BigInteger.TEN,
            Date.from(Instant.now().minusSeconds(60)),
            Date.from(Instant.now().plusSeconds(3600)),
            name,
            pair.getPublic());
    X509Certificate cert =
        new JcaX509CertificateConverter()
            .getCertificate(
                builder.build(
                    new JcaContentSignerBuilder(signatureAlgorithm).build(pair.getPrivate())));
    Path file = dir.resolve("cert-" + signatureAlgorithm + ".pem");
    Files.writeString(
        file,
        "-----BEGIN CERTIFICATE-----\n"
            + java.util.Base64.getMimeEncoder().encodeToString(cert.getEncoded())
            + "\n-----END CERTIFICATE-----\n",
        StandardCharsets.US_ASCII);
    return file;
  }

  private static String traditionalPem(PrivateKey key) throws Exception {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(key);
    }
    return out.toString();
  }
}
