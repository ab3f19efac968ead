package dev.metacircular.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.crypto.TlsCertificates;
import io.javalin.Javalin;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

/** With live keys, every handshake serves what the key manager holds, not the key store. */
class LiveKeysTest {

  @Test
  void theListenerServesTheLiveKeyManagersCertificate() throws Exception {
    TlsCertificates.SelfSigned live =
        TlsCertificates.selfSigned("live", List.of(), List.of("127.0.0.1"), Duration.ofDays(1));
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry(
        "live", live.privateKey(), TestTls.PASSWORD, new Certificate[] {live.certificate()});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509");
    kmf.init(store, TestTls.PASSWORD);
    TlsSettings base = TestTls.serverSettings();
    TlsSettings settings =
        new TlsSettings(
            base.keyStore(),
            base.keyStorePassword(),
            (X509ExtendedKeyManager) kmf.getKeyManagers()[0]);
    Javalin app = SecureJavalin.create(RestSettings.of("127.0.0.1", 0, settings), c -> {}).start();
    try {
      assertThat(served(app.port()).getSerialNumber())
          .isEqualTo(live.certificate().getSerialNumber());
      assertThat(settings.toString()).doesNotContain(new String(TestTls.PASSWORD));
    } finally {
      app.stop();
    }
  }

  private static X509Certificate served(int port) throws Exception {
    TrustManager any =
        new X509TrustManager() {
          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
          }
        };
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, new TrustManager[] {any}, null); // the test reads what is served
    try (SSLSocket socket = (SSLSocket) ssl.getSocketFactory().createSocket("127.0.0.1", port)) {
      socket.startHandshake();
      return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    }
  }
}
