package dev.metacircular.sqlite;

import dev.metacircular.ports.contract.PhysicalStorageContract;
import dev.metacircular.ports.storage.out.PhysicalStorage;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The PhysicalStorage contract against a fresh crypto database file per test. */
class SqlitePhysicalStorageTest extends PhysicalStorageContract {

  @TempDir Path directory;

  private SqliteCryptoStorage storage;

  @Override
  protected PhysicalStorage newStorage() {
    storage = SqliteCryptoStorage.open(directory.resolve("crypto.db"));
    return storage.physical();
  }

  @Override
  protected void closeStorage(PhysicalStorage physical) {
    storage.close();
  }
}
