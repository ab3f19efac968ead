package dev.metacircular.rest;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** The only listener a server gets: HTTP/1.1 over TLS 1.2 or 1.3. There is no plain HTTP. */
final class TlsConnector {
  static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

  private TlsConnector() {}

  static ServerConnector create(Server server, HttpConfiguration base, RestSettings settings) {
    SslContextFactory.Server tls = new SslContextFactory.Server();
    // Build the SSLContext ourselves so the key store password stays a char[] (Jetty's setter
    // takes a String).
    tls.setSslContext(sslContext(settings.tls()));
    tls.setIncludeProtocols(PROTOCOLS);
    tls.setRenegotiationAllowed(false);
    tls.setUseCipherSuitesOrder(true);

    HttpConfiguration https = new HttpConfiguration(base);
    https.setSecureScheme("https");
    https.setSecurePort(settings.port());
    // One certificate per service: checking the SNI name against it adds nothing and would break
    // clients that connect by IP address or an alias.
    https.addCustomizer(new SecureRequestCustomizer(false));

    ServerConnector connector =
        new ServerConnector(
            server,
            new SslConnectionFactory(tls, HttpVersion.HTTP_1_1.asString()),
            new HttpConnectionFactory(https));
    connector.setHost(settings.host());
    connector.setPort(settings.port());
    return connector;
  }

  private static SSLContext sslContext(TlsSettings settings) {
    try {
      if (settings.liveKeys() != null) {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(new KeyManager[] {settings.liveKeys()}, null, null);
        return context;
      }
      KeyManagerFactory keyManagers =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      KeyStore keyStore = settings.keyStore();
      keyManagers.init(keyStore, settings.keyStorePassword());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the TLS key store cannot be used", e);
    }
  }
}
