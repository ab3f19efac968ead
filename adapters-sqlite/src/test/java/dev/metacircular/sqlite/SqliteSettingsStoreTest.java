package dev.metacircular.sqlite;

import dev.metacircular.ports.contract.SettingsStoreContract;
import dev.metacircular.ports.contract.StorageFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The SettingsStore contract against a fresh SQLite file per test. */
class SqliteSettingsStoreTest extends SettingsStoreContract {

  @TempDir Path directory;

  @Override
  protected StorageFixture newFixture() {
    return SqliteStorageFixture.in(directory);
  }
}
