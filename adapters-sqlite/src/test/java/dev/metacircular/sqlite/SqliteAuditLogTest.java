package dev.metacircular.sqlite;

import dev.metacircular.ports.contract.AuditLogContract;
import dev.metacircular.ports.contract.StorageFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The AuditLog contract against a fresh SQLite file per test. */
class SqliteAuditLogTest extends AuditLogContract {

  @TempDir Path directory;

  @Override
  protected StorageFixture newFixture() {
    return SqliteStorageFixture.in(directory);
  }
}
