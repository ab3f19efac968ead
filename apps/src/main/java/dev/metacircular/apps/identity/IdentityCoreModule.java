package dev.metacircular.apps.identity;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.metacircular.apps.config.McIasConfig;
import dev.metacircular.domain.identity.IdentityCore;
import dev.metacircular.domain.identity.IdentitySettings;
import dev.metacircular.domain.identity.IdentityStorage;
import dev.metacircular.domain.identity.MasterKeySource;
import dev.metacircular.ports.identity.out.PasskeyVerifier;
import dev.metacircular.sqlite.SqliteIdentityStorage;
import dev.metacircular.webauthn.PasskeySettings;
import dev.metacircular.webauthn.YubicoPasskeyVerifier;
import java.time.Clock;
import java.util.Objects;
import java.util.Set;

/**
 * Guice: the identity core over its SQLite database, from a configuration. Used by the server, the
 * offline database tool and dev mode alike, so all three open the database and derive the master
 * key the same way.
 */
final class IdentityCoreModule extends AbstractModule {
  private final McIasConfig config;
  private final Clock clock;
  private final IdentitySettings settings;
  private final MasterKeySource masterKey;

  /**
   * @param masterKey read before the database is touched, so a missing passphrase fails first; the
   *     caller wipes it once the injector is built
   */
  IdentityCoreModule(
      McIasConfig config, Clock clock, IdentitySettings settings, MasterKeySource masterKey) {
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.masterKey = Objects.requireNonNull(masterKey, "masterKey");
  }

  @Override
  protected void configure() {
    bind(McIasConfig.class).toInstance(config);
    bind(Clock.class).toInstance(clock);
    bind(IdentitySettings.class).toInstance(settings);
  }

  @Provides
  @Singleton
  SqliteIdentityStorage database() {
    return SqliteIdentityStorage.open(config.databasePath());
  }

  @Provides
  @Singleton
  IdentityStorage storage(SqliteIdentityStorage db) {
    return new IdentityStorage(
        db.accounts(),
        db.tokens(),
        db.audit(),
        db.policyRules(),
        db.settings(),
        db.transactions(),
        db.ssoClients(),
        db.authorizationCodes(),
        db.passkeys(),
        db.loginSources(),
        db.recoveryCodes());
  }

  /** Passkeys: the WebAuthn checks on Yubico's library, bound to the configured relying party. */
  @Provides
  @Singleton
  PasskeyVerifier passkeyVerifier() {
    McIasConfig.Webauthn w = config.webauthn();
    return new YubicoPasskeyVerifier(
        new PasskeySettings(w.rpId(), w.rpName(), Set.copyOf(w.origins())), clock);
  }

  /**
   * Opens the core. If that fails (a wrong passphrase), the database is closed again before the
   * error propagates, so the process exits with nothing held open.
   */
  @Provides
  @Singleton
  IdentityCore core(SqliteIdentityStorage db, IdentityStorage storage, PasskeyVerifier passkeys) {
    try {
      return IdentityCore.open(storage, settings, passkeys, masterKey, clock);
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }
}
