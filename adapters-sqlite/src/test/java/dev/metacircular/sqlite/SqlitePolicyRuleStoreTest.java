package dev.metacircular.sqlite;

import dev.metacircular.ports.contract.PolicyRuleStoreContract;
import dev.metacircular.ports.contract.StorageFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The PolicyRuleStore contract against a fresh SQLite file per test. */
class SqlitePolicyRuleStoreTest extends PolicyRuleStoreContract {

  @TempDir Path directory;

  @Override
  protected StorageFixture newFixture() {
    return SqliteStorageFixture.in(directory);
  }
}
