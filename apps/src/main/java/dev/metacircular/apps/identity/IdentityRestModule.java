package dev.metacircular.apps.identity;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.metacircular.apps.config.ConfigException;
import dev.metacircular.apps.config.McIasConfig;
import dev.metacircular.crypto.SecureRandoms;
import dev.metacircular.crypto.TlsCertificates;
import dev.metacircular.domain.identity.IdentityCore;
import dev.metacircular.rest.IdentityRestApi;
import dev.metacircular.rest.RestSettings;
import dev.metacircular.rest.TlsSettings;
import java.nio.file.Files;
import java.security.KeyStore;

/** Guice: the REST front door of the identity core, over TLS from the configured PEM files. */
final class IdentityRestModule extends AbstractModule {

  @Provides
  @Singleton
  IdentityRestApi api(IdentityCore core) {
    return new IdentityRestApi(
        core.login(),
        core.sessions(),
        core.tokens(),
        core.tokenAdmin(),
        core.accounts(),
        core.totp(),
        core.loginPolicy(),
        core.audit());
  }

  /**
   * The key store lives only in memory, so its password protects nothing on disk; it is random
   * per start so no constant password exists anywhere.
   */
  @Provides
  @Singleton
  RestSettings restSettings(McIasConfig config) {
    if (!Files.isReadable(config.tlsCert())) {
      throw new ConfigException(
          "config: server.tls_cert " + config.tlsCert() + " does not exist or is not readable");
    }
    if (!Files.isReadable(config.tlsKey())) {
      throw new ConfigException(
          "config: server.tls_key " + config.tlsKey() + " does not exist or is not readable");
    }
    char[] storePassword = randomPassword();
    KeyStore keyStore;
    try {
      keyStore = TlsCertificates.keyStoreFromPem(config.tlsCert(), config.tlsKey(), storePassword);
    } catch (IllegalArgumentException e) {
      // Its messages name the setting and the file ("tls_key: private key in ... does not match").
      throw new ConfigException("config: server." + e.getMessage(), e);
    }
    return RestSettings.of(
        config.listen().host(), config.listen().port(), new TlsSettings(keyStore, storePassword));
  }

  private static char[] randomPassword() {
    byte[] random = SecureRandoms.bytes(24);
    char[] out = new char[random.length];
    for (int i = 0; i < random.length; i++) {
      out[i] = ALPHABET.charAt((random[i] & 0xff) % ALPHABET.length());
    }
    java.util.Arrays.fill(random, (byte) 0);
    return out;
  }

  private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
}
