package dev.metacircular.apps.cli;

import dev.metacircular.crypto.TlsCertificates;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Whom a command's TLS connections trust: only the CA certificate(s) pinned with {@code --ca-cert},
 * or the JDK's trust store when none is given. Shared by the shell's REST and gRPC endpoints and
 * {@code metacrypt status}, so every client trusts exactly the same servers.
 */
public final class PinnedTrust {
  private PinnedTrust() {}

  /** The trust managers for {@code caCert}, or null (the JDK's defaults) when it is null. */
  public static TrustManager[] managers(Path caCert) {
    if (caCert == null) {
      return null;
    }
    try {
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      try {
        tmf.init(TlsCertificates.trustStoreFromPem(caCert));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--ca-cert " + e.getMessage());
      }
      return tmf.getTrustManagers();
    } catch (GeneralSecurityException e) {
      throw unavailable(e);
    }
  }

  /** A TLS context trusting what {@link #managers} trusts. */
  public static SSLContext sslContext(Path caCert) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, managers(caCert), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw unavailable(e);
    }
  }

  private static IllegalStateException unavailable(GeneralSecurityException e) {
    return new IllegalStateException("TLS unavailable: " + e.getMessage(), e);
  }
}
