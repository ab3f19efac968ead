package dev.metacircular.benchmarks;

import dev.metacircular.crypto.TlsCertificates;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The one HTTP client both sides of a load comparison use: HTTP/1.1 over TLS with keep-alive (the
 * JDK client pools connections), trusting only the bench server's self-signed certificate.
 */
final class TlsClient {
  private TlsClient() {}

  static HttpClient trusting(Path certificatePem) {
    try {
      KeyStore trust = TlsCertificates.trustStoreFromPem(certificatePem);
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      return HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .sslContext(context)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot trust the bench server certificate", e);
    }
  }
}
