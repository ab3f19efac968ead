package dev.metacircular.sqlite;

import dev.metacircular.ports.contract.StorageFixture;
import dev.metacircular.ports.contract.TokenStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The TokenStore contract against a fresh SQLite file per test. */
class SqliteTokenStoreTest extends TokenStoreContract {

  @TempDir Path directory;

  @Override
  protected StorageFixture newFixture() {
    return SqliteStorageFixture.in(directory);
  }
}
