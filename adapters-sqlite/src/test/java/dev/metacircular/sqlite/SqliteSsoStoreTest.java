package dev.metacircular.sqlite;

import dev.metacircular.ports.contract.SsoStoreContract;
import dev.metacircular.ports.contract.StorageFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The SsoStore contract against a fresh SQLite file per test. */
class SqliteSsoStoreTest extends SsoStoreContract {

  @TempDir Path directory;

  @Override
  protected StorageFixture newFixture() {
    return SqliteStorageFixture.in(directory);
  }
}
