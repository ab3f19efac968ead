package dev.metacircular.apps.crypto;

import dev.metacircular.apps.config.ConfigException;
import dev.metacircular.apps.config.MetacryptConfig;
import dev.metacircular.apps.service.LocalService;
import dev.metacircular.apps.service.Opened;
import dev.metacircular.domain.crypto.CryptoCore;
import dev.metacircular.ports.delegation.out.IdentityProvider;
import dev.metacircular.rest.client.IdentityClientSettings;
import dev.metacircular.rest.client.RestIdentityProvider;
import java.time.Clock;

/**
 * The crypto core open over its SQLite database, with no door: what the offline commands and the
 * shell's offline mode act through. Closing seals the core (wiping every key), stops background
 * re-encryption (it resumes at the next unseal) and closes the database.
 */
public final class LocalCrypto extends LocalService<CryptoCore> {

  private LocalCrypto(Opened<CryptoCore> opened) {
    super(opened);
  }

  /**
   * Opens (creating and migrating as needed) the database and the core, sealed or uninitialized.
   * {@code identity} is where logins and tokens are checked: the configured identity service, or an
   * in-process one (dev mode).
   */
  public static LocalCrypto open(MetacryptConfig config, IdentityProvider identity, Clock clock) {
    return new LocalCrypto(open(CryptoCore.class, CryptoService.core(config, identity, clock)));
  }

  /** The identity service named by the configuration, over HTTPS. */
  public static IdentityProvider remoteIdentity(MetacryptConfig config) {
    MetacryptConfig.Identity id = config.identity();
    if (id == null) {
      throw new ConfigException(
          "config: mcias.server_url is required (the server delegates logins to the identity service)");
    }
    return new RestIdentityProvider(
        IdentityClientSettings.of(id.serverUrl(), id.caCert(), id.serviceName(), id.tags()));
  }
}
