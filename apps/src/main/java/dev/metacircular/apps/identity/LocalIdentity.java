package dev.metacircular.apps.identity;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.ProvisionException;
import com.google.inject.Stage;
import com.google.inject.spi.Message;
import dev.metacircular.apps.config.McIasConfig;
import dev.metacircular.domain.identity.IdentityCore;
import dev.metacircular.domain.identity.IdentitySettings;
import dev.metacircular.domain.identity.MasterKeySource;
import dev.metacircular.sqlite.SqliteIdentityStorage;
import java.time.Clock;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The identity core open over its local database: what the server serves, and what the offline tool
 * and dev mode act through. Closing it closes the core, then the database.
 */
public final class LocalIdentity implements AutoCloseable {
  private final Injector injector;
  private final IdentityCore core;
  private final SqliteIdentityStorage database;
  private boolean closed;

  private LocalIdentity(Injector injector) {
    this.injector = injector;
    this.core = injector.getInstance(IdentityCore.class);
    this.database = injector.getInstance(SqliteIdentityStorage.class);
  }

  /** Opens with the system clock and the configured settings. */
  public static LocalIdentity open(McIasConfig config, Map<String, String> env) {
    return open(config, env, Clock.systemUTC(), UnaryOperator.identity());
  }

  /**
   * Opens the database (creating and migrating it as needed) and the core. Throws the core's {@code
   * MasterKeyException} for a wrong passphrase or key, with nothing left open.
   */
  public static LocalIdentity open(
      McIasConfig config,
      Map<String, String> env,
      Clock clock,
      UnaryOperator<IdentitySettings> tuning) {
    // Settings and key material first: a bad setting or a missing passphrase must fail before
    // the database is created or opened.
    IdentitySettings settings = tuning.apply(SettingsFromConfig.settings(config));
    MasterKeySource key = MasterKeys.load(config.masterKey(), env);
    try {
      return new LocalIdentity(
          Guice.createInjector(
              Stage.PRODUCTION, new IdentityCoreModule(config, clock, settings, key)));
    } catch (ProvisionException e) {
      throw unwrap(e.getErrorMessages());
    } catch (CreationException e) {
      throw unwrap(e.getErrorMessages());
    } finally {
      MasterKeys.wipe(key);
    }
  }

  public IdentityCore core() {
    return core;
  }

  Injector injector() {
    return injector;
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
      database.close();
    }
  }

  /** A provider's own exception, not Guice's wrapper: the operator reads its message. */
  private static RuntimeException unwrap(Iterable<Message> messages) {
    for (Message m : messages) {
      if (m.getCause() instanceof RuntimeException r) {
        return r;
      }
      if (m.getCause() != null) {
        return new IllegalStateException(m.getCause().getMessage(), m.getCause());
      }
    }
    return new IllegalStateException("cannot open the identity service");
  }
}
