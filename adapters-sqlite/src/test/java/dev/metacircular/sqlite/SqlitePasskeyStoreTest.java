package dev.metacircular.sqlite;

import dev.metacircular.ports.contract.PasskeyStoreContract;
import dev.metacircular.ports.contract.StorageFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The PasskeyStore contract against a fresh SQLite file per test. */
class SqlitePasskeyStoreTest extends PasskeyStoreContract {

  @TempDir Path directory;

  @Override
  protected StorageFixture newFixture() {
    return SqliteStorageFixture.in(directory);
  }
}
