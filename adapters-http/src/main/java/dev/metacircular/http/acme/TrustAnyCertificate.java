package dev.metacircular.http.acme;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A TLS context that accepts any server certificate: what TLS-ALPN-01 (RFC 8737 §3, the certificate
 * is self-signed by design) and an HTTP-01 redirect to https (RFC 8555 §8.3) need. Used for nothing
 * else.
 */
final class TrustAnyCertificate implements X509TrustManager {

  private TrustAnyCertificate() {}

  static SSLContext context() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new TrustAnyCertificate()}, new SecureRandom());
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no TLS", e);
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) {
    throw new UnsupportedOperationException("server side only");
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) {
    // The challenge checks the certificate's contents itself.
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }
}
