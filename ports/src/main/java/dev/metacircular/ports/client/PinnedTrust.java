package dev.metacircular.ports.client;

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
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Whom a client's TLS connections trust: exactly the CA certificates of one PEM file (pinned, as
 * with {@code --ca-cert} or {@code [mcias] ca_cert}), or the JDK's trust store when none is given.
 * Every remote client (REST and gRPC, the shell's and the crypto service's identity provider) sets
 * up its TLS here, so all of them trust exactly the same servers and speak only TLS 1.2 or 1.3.
 *
 * <p>It lives in the contracts module, with the JDK only, because both transports' adapters need it
 * and adapters may not depend on each other.
 */
public final class PinnedTrust {
  /** The protocols a client offers: TLS 1.3 first, then 1.2; nothing older. */
  private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

  private PinnedTrust() {}

  /**
   * The trust managers for {@code caFile}, or null (the JDK's defaults) when it is null. A file
   * that is missing, unreadable or holds no certificate fails here, naming the file, so a
   * misconfigured client stops before its first call.
   */
  public static TrustManager[] managers(Path caFile) {
    if (caFile == null) {
      return null;
    }
    try {
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trustStore(caFile));
      return tmf.getTrustManagers();
    } catch (GeneralSecurityException e) {
      throw unavailable(e);
    }
  }

  /** A TLS context trusting what {@link #managers} trusts. */
  public static SSLContext sslContext(Path caFile) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, managers(caFile), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw unavailable(e);
    }
  }

  /** TLS 1.2/1.3 only, with the server's host name verified against its certificate. */
  public static SSLParameters parameters() {
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
      throw new IllegalStateException("cannot create a trust store", e);
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
      throw new IllegalArgumentException("CA certificate file " + caFile + " does not exist");
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read CA certificate file " + caFile);
    } catch (CertificateException | RuntimeException e) {
      throw new IllegalArgumentException(
          "no valid PEM certificate in CA certificate file " + caFile);
    }
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException("no certificate in CA certificate file " + caFile);
    }
    return new ArrayList<>(certificates);
  }

  private static IllegalStateException unavailable(GeneralSecurityException e) {
    return new IllegalStateException("TLS unavailable: " + e.getMessage(), e);
  }
}
