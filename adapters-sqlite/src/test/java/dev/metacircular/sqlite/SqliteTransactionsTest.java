package dev.metacircular.sqlite;

import dev.metacircular.ports.contract.StorageFixture;
import dev.metacircular.ports.contract.TransactionsContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The Transactions contract against a fresh SQLite file per test. */
class SqliteTransactionsTest extends TransactionsContract {

  @TempDir Path directory;

  @Override
  protected StorageFixture newFixture() {
    return SqliteStorageFixture.in(directory);
  }
}
