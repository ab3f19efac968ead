package dev.metacircular.rest.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * The client side of TLS to the identity service: TLS 1.2 and 1.3 only, hostname verification on,
 * and either the JDK's default trust store or exactly the CA certificates of one PEM file.
 */
final class ClientTls {

  static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

  private ClientTls() {}

  /**
   * A context trusting only the certificates in {@code caFile}, or the JDK defaults when it is
   * null. A file that is missing, unreadable or holds no certificate fails here, naming the file,
   * so a misconfigured service stops at start rather than at its first login.
   */
  static SSLContext context(Path caFile) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      if (caFile == null) {
        context.init(null, null, null);
      } else {
        TrustManagerFactory trust =
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trustStore(caFile));
        context.init(null, trust.getTrustManagers(), null);
      }
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("identity client: cannot set up TLS", e);
    }
  }

  /** Only TLS 1.2/1.3; the HTTP client verifies the server's host name against its certificate. */
  static SSLParameters parameters() {
    SSLParameters parameters = new SSLParameters();
    parameters.setProtocols(PROTOCOLS.clone());
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    return parameters;
  }

  private static KeyStore trustStore(Path caFile) throws GeneralSecurityException {
    List<Certificate> certificates = read(caFile);
    KeyStore store = KeyStore.getInstance("PKCS12");
    try {
      store.load(null, null);
    } catch (IOException e) {
      throw new IllegalStateException("identity client: cannot create a trust store", e);
    }
    for (int i = 0; i < certificates.size(); i++) {
      store.setCertificateEntry("ca-" + i, certificates.get(i));
    }
    return store;
  }

  private static List<Certificate> read(Path caFile) {
    Collection<? extends Certificate> certificates;
    try (InputStream in = Files.newInputStream(caFile)) {
      certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(
          "identity client: CA certificate file " + caFile + " does not exist");
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "identity client: cannot read CA certificate file " + caFile);
    } catch (CertificateException | RuntimeException e) {
      throw new IllegalArgumentException(
          "identity client: no valid PEM certificate in CA certificate file " + caFile);
    }
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException(
          "identity client: no certificate in CA certificate file " + caFile);
    }
    return new ArrayList<>(certificates);
  }
}
