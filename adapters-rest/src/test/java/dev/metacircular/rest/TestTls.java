package dev.metacircular.rest;

import dev.metacircular.crypto.TlsCertificates;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** One self-signed certificate for 127.0.0.1 per test JVM, and clients that trust only it. */
final class TestTls {
  static final char[] PASSWORD = "test-keystore-password".toCharArray();
  private static final TlsCertificates.SelfSigned CERT =
      TlsCertificates.selfSigned(
          "localhost", List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(1));

  private TestTls() {}

  static TlsSettings serverSettings() {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry(
          "server", CERT.privateKey(), PASSWORD, new Certificate[] {CERT.certificate()});
      return new TlsSettings(store, PASSWORD.clone());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static RestSettings settings() {
    return RestSettings.of("127.0.0.1", 0, serverSettings());
  }

  /**
   * The test certificate as a PEM file, for clients outside the JVM (Node's NODE_EXTRA_CA_CERTS).
   */
  static java.nio.file.Path writeCertificatePem(java.nio.file.Path file) {
    try {
      String pem =
          "-----BEGIN CERTIFICATE-----\n"
              + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'})
                  .encodeToString(CERT.certificate().getEncoded())
              + "\n-----END CERTIFICATE-----\n";
      java.nio.file.Files.writeString(file, pem, java.nio.charset.StandardCharsets.US_ASCII);
      return file;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A TLS context that trusts the test certificate and nothing else. */
  static SSLContext clientContext() {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("server", CERT.certificate());
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      return context;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
