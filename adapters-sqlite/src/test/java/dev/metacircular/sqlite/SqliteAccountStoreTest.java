package dev.metacircular.sqlite;

import dev.metacircular.ports.contract.AccountStoreContract;
import dev.metacircular.ports.contract.StorageFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The AccountStore contract against a fresh SQLite file per test. */
class SqliteAccountStoreTest extends AccountStoreContract {

  @TempDir Path directory;

  @Override
  protected StorageFixture newFixture() {
    return SqliteStorageFixture.in(directory);
  }
}
