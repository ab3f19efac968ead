package dev.metacircular.sqlite;

import dev.metacircular.ports.contract.LoginSourceStoreContract;
import dev.metacircular.ports.contract.StorageFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The LoginSourceStore contract against a fresh SQLite file per test. */
class SqliteLoginSourceStoreTest extends LoginSourceStoreContract {

  @TempDir Path directory;

  @Override
  protected StorageFixture newFixture() {
    return SqliteStorageFixture.in(directory);
  }
}
