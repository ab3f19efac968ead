package dev.metacircular.apps.identity;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.metacircular.apps.service.Lifecycle;
import dev.metacircular.domain.identity.IdentityStorage;
import dev.metacircular.ports.telemetry.out.Telemetry;
import dev.metacircular.sqlite.SqliteIdentityStorage;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Guice: the identity service's storage, its SQLite database (created and migrated as needed),
 * closed after the core.
 */
final class IdentityStorageModule extends AbstractModule {
  private final Path database;

  IdentityStorageModule(Path database) {
    this.database = Objects.requireNonNull(database, "database");
  }

  @Provides
  @Singleton
  SqliteIdentityStorage database(Lifecycle lifecycle, Telemetry telemetry) {
    SqliteIdentityStorage storage = lifecycle.closeLater(SqliteIdentityStorage.open(database));
    storage.reportRefusalsTo(telemetry);
    return storage;
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
}
