package dev.metacircular.sqlite;

import dev.metacircular.ports.contract.RecoveryCodeStoreContract;
import dev.metacircular.ports.contract.StorageFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The RecoveryCodeStore contract against a fresh SQLite file per test. */
class SqliteRecoveryCodeStoreTest extends RecoveryCodeStoreContract {

  @TempDir Path directory;

  @Override
  protected StorageFixture newFixture() {
    return SqliteStorageFixture.in(directory);
  }
}
