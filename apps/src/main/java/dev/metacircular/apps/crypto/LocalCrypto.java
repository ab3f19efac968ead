package dev.metacircular.apps.crypto;

import dev.metacircular.apps.config.ConfigException;
import dev.metacircular.apps.config.MetacryptConfig;
import dev.metacircular.domain.crypto.CryptoCore;
import dev.metacircular.domain.delegation.DelegatedAuthenticator;
import dev.metacircular.domain.engine.transit.TransitEngineType;
import dev.metacircular.domain.seal.SealSettings;
import dev.metacircular.ports.delegation.IdentityProvider;
import dev.metacircular.ports.engine.spi.EngineType;
import dev.metacircular.rest.client.IdentityClientSettings;
import dev.metacircular.rest.client.RestIdentityProvider;
import dev.metacircular.sqlite.SqliteBarrierStorage;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The crypto core open over its SQLite database: what the server serves and what the offline
 * commands act through. Closing seals the core (wiping every key), stops background re-encryption
 * (it resumes at the next unseal) and closes the database.
 */
public final class LocalCrypto implements AutoCloseable {

  /** The engine types this build can mount. */
  static final List<EngineType> ENGINE_TYPES = List.of(new TransitEngineType());

  private final SqliteBarrierStorage storage;
  private final ExecutorService background;
  private final CryptoCore core;
  private boolean closed;

  private LocalCrypto(SqliteBarrierStorage storage, ExecutorService background, CryptoCore core) {
    this.storage = storage;
    this.background = background;
    this.core = core;
  }

  /**
   * Opens (creating and migrating as needed) the database and the core, sealed or uninitialized.
   * {@code identity} is where logins and tokens are checked: the configured identity service, or an
   * in-process one (dev mode).
   */
  public static LocalCrypto open(MetacryptConfig config, IdentityProvider identity, Clock clock) {
    SqliteBarrierStorage storage = SqliteBarrierStorage.open(config.databasePath());
    ExecutorService background =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "metacrypt-reencrypt");
              t.setDaemon(true);
              return t;
            });
    try {
      CryptoCore core =
          CryptoCore.open(
              storage.physical(),
              storage.audit(),
              new DelegatedAuthenticator(identity),
              ENGINE_TYPES,
              sealSettings(config),
              clock,
              background);
      return new LocalCrypto(storage, background, core);
    } catch (RuntimeException e) {
      background.shutdownNow();
      storage.close();
      throw e;
    }
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

  static SealSettings sealSettings(MetacryptConfig config) {
    return config.sealKdf() == null
        ? SealSettings.DEFAULTS
        : SealSettings.DEFAULTS.withKdf(config.sealKdf());
  }

  public CryptoCore core() {
    return core;
  }

  SqliteBarrierStorage storage() {
    return storage;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      core.close();
    } finally {
      background.shutdownNow();
      try {
        background.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      storage.close();
    }
  }
}
