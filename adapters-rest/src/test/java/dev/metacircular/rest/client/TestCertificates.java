package dev.metacircular.rest.client;

import dev.metacircular.crypto.TlsCertificates;
import dev.metacircular.rest.RestSettings;
import dev.metacircular.rest.TlsSettings;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;

/** Self-signed server certificates for the test servers, and their PEM files for the client. */
final class TestCertificates {
  private static final char[] PASSWORD = "test-keystore-password".toCharArray();

  /** For 127.0.0.1 and localhost: what the client reaches the test server by. */
  static final TlsCertificates.SelfSigned LOOPBACK =
      TlsCertificates.selfSigned(
          "localhost", List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(1));

  /** Another certificate for the same names: it did not sign the test server's. */
  static final TlsCertificates.SelfSigned STRANGER =
      TlsCertificates.selfSigned(
          "localhost", List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(1));

  /** Valid, but for a name the client does not connect to. */
  static final TlsCertificates.SelfSigned ELSEWHERE =
      TlsCertificates.selfSigned(
          "identity.invalid", List.of("identity.invalid"), List.of(), Duration.ofDays(1));

  private TestCertificates() {}

  static RestSettings serverOn(TlsCertificates.SelfSigned certificate) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry(
          "server",
          certificate.privateKey(),
          PASSWORD,
          new Certificate[] {certificate.certificate()});
      return RestSettings.of("127.0.0.1", 0, new TlsSettings(store, PASSWORD.clone()));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes the certificate as PEM into {@code dir} and returns the certificate file. */
  static Path pem(Path dir, String name, TlsCertificates.SelfSigned certificate) {
    Path cert = dir.resolve(name + ".crt");
    TlsCertificates.writePem(cert, dir.resolve(name + ".key"), certificate);
    return cert;
  }
}
