package dev.metacircular.apps.crypto;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.metacircular.apps.service.Lifecycle;
import dev.metacircular.ports.telemetry.out.Telemetry;
import dev.metacircular.sqlite.SqliteCryptoStorage;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Guice: the crypto service's storage, its SQLite database (the untrusted store beneath the barrier
 * and the audit log; created and migrated as needed), closed after the core.
 */
final class CryptoStorageModule extends AbstractModule {
  private final Path database;

  CryptoStorageModule(Path database) {
    this.database = Objects.requireNonNull(database, "database");
  }

  @Provides
  @Singleton
  SqliteCryptoStorage database(Lifecycle lifecycle, Telemetry telemetry) {
    SqliteCryptoStorage storage = lifecycle.closeLater(SqliteCryptoStorage.open(database));
    storage.reportRefusalsTo(telemetry);
    return storage;
  }
}
