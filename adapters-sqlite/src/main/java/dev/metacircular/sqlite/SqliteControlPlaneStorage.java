package dev.metacircular.sqlite;

import dev.metacircular.ports.audit.out.AuditLog;
import dev.metacircular.ports.scheduler.out.ServiceRegistry;
import dev.metacircular.ports.storage.SchemaStatus;
import java.nio.file.Path;

/**
 * The control plane's SQLite file (an agent's or the master's): the service registry and the audit
 * log. Opened like the other services' files: 0600, WAL with {@code synchronous=FULL}, versioned
 * migrations (the {@code mcp} schema) at {@link #open}.
 */
public final class SqliteControlPlaneStorage extends SqliteServiceFile {

  private final SqliteServiceRegistry registry;
  private final SqliteAuditLog audit;

  private SqliteControlPlaneStorage(SqliteDatabase db) {
    super(db, SchemaMigrations.MCP);
    this.registry = new SqliteServiceRegistry(db);
    this.audit = new SqliteAuditLog(db);
  }

  /** Opens (creating when missing) and migrates the database. */
  public static SqliteControlPlaneStorage open(Path dbFile) {
    SqliteControlPlaneStorage storage =
        new SqliteControlPlaneStorage(SqliteDatabase.open(dbFile, true));
    try {
      storage.migrate();
    } catch (RuntimeException e) {
      storage.close();
      throw e;
    }
    return storage;
  }

  /**
   * Opens an existing file without migrating it (backups and restores check a file before use).
   *
   * @throws IllegalArgumentException when there is no file at {@code dbFile}
   * @throws IllegalStateException when the file is not a control-plane database
   */
  public static SqliteControlPlaneStorage openWithoutMigrating(Path dbFile) {
    SqliteControlPlaneStorage storage =
        new SqliteControlPlaneStorage(SqliteDatabase.open(dbFile, false));
    try {
      storage.requireControlPlaneDatabase();
    } catch (RuntimeException e) {
      storage.close();
      throw e;
    }
    return storage;
  }

  private void requireControlPlaneDatabase() {
    SchemaStatus status = schemaStatus();
    boolean hasServices =
        db.withHandle(
            h ->
                h.createQuery(
                            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'services'")
                        .mapTo(Integer.class)
                        .one()
                    == 1);
    if (status.currentVersion() > 0 && !hasServices) {
      throw new IllegalStateException(
          "database "
              + db.file()
              + " is not a control-plane database: it has no services table. Check the path: is"
              + " it another service's database?");
    }
  }

  /** Services, their ports and events. */
  public ServiceRegistry registry() {
    return registry;
  }

  /** The audit log; an append is on disk when it returns. */
  public AuditLog audit() {
    return audit;
  }
}
