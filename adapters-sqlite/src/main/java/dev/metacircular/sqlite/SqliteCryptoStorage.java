package dev.metacircular.sqlite;

import dev.metacircular.ports.audit.out.AuditLog;
import dev.metacircular.ports.storage.SchemaStatus;
import dev.metacircular.ports.storage.out.PhysicalStorage;
import java.nio.file.Path;
import java.util.List;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The crypto service's storage in its own SQLite file: the seal barrier's physical storage ({@link
 * #physical()}, a {@code barrier} table of opaque values under {@code /}-separated keys) and the
 * service's audit log ({@link #audit()}).
 *
 * <p>Opened like the identity database: the file and its WAL files are mode 0600 (parent
 * directories 0700 when created), one connection in WAL mode with {@code synchronous=FULL}, so an
 * acknowledged write survives {@code kill -9} and power loss; versioned migrations (the {@code
 * crypto} schema) run at {@link #open}. Thread-safe: calls from several threads are serialised, and
 * a {@link PhysicalStorage#apply} batch is one transaction.
 *
 * <p>The storage is untrusted by design: the barrier hands it ciphertext only (plus the few
 * plaintext values read before unseal), and this class neither knows nor needs any key.
 *
 * <p>The offline maintenance tool uses {@link #openWithoutMigrating} for {@code schema verify} and
 * {@code schema force}, {@link #migrate} for {@code schema migrate}, and {@link #snapshot} for
 * backups.
 */
public final class SqliteCryptoStorage extends SqliteServiceFile {

  private final SqlitePhysicalStorage physical;
  private final SqliteAuditLog audit;

  private SqliteCryptoStorage(SqliteDatabase db) {
    super(db, SchemaMigrations.CRYPTO);
    this.physical = new SqlitePhysicalStorage(db);
    this.audit = new SqliteAuditLog(db);
  }

  /**
   * Opens the database, creating it (mode 0600, parent directories 0700) when it does not exist,
   * and applies pending migrations.
   *
   * @throws IllegalStateException when the file is not a crypto service database (another service's
   *     database included), its schema is dirty or newer than this release, or a migration fails;
   *     the message says what to check or which {@code schema} command to run
   */
  public static SqliteCryptoStorage open(Path dbFile) {
    SqliteCryptoStorage storage = new SqliteCryptoStorage(openDatabase(dbFile, true));
    try {
      storage.requireCryptoDatabase();
      storage.migrate();
    } catch (RuntimeException e) {
      storage.close();
      throw e;
    }
    return storage;
  }

  /**
   * Opens an existing database as it is, for inspecting or repairing its schema. Creates nothing.
   *
   * @throws IllegalArgumentException when there is no file at {@code dbFile}
   * @throws IllegalStateException when the file is not a crypto service database
   */
  public static SqliteCryptoStorage openWithoutMigrating(Path dbFile) {
    SqliteCryptoStorage storage = new SqliteCryptoStorage(openDatabase(dbFile, false));
    try {
      storage.requireCryptoDatabase();
    } catch (RuntimeException e) {
      storage.close();
      throw e;
    }
    return storage;
  }

  /** The seal barrier's physical storage. */
  public PhysicalStorage physical() {
    return physical;
  }

  /** The crypto service's audit log; an append is on disk when it returns. */
  public AuditLog audit() {
    return audit;
  }

  /** Opens the file, saying plainly when it is not an SQLite database at all. */
  private static SqliteDatabase openDatabase(Path dbFile, boolean create) {
    try {
      return SqliteDatabase.open(dbFile, create);
    } catch (RuntimeException e) {
      if (isNotADatabase(e)) {
        throw new IllegalStateException(
            "database "
                + dbFile.toAbsolutePath().normalize()
                + " is not an SQLite database (or is damaged); check the path",
            e);
      }
      throw e;
    }
  }

  private static boolean isNotADatabase(Throwable failure) {
    for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof SQLiteException e) {
        return e.getResultCode() == SQLiteErrorCode.SQLITE_NOTADB;
      }
    }
    return false;
  }

  /**
   * Refuses a file that holds something other than the crypto schema, before a migration could add
   * crypto tables to it: another service's database (the identity database is at version 1 too, so
   * the version alone cannot tell) or an unrelated SQLite file. A dirty schema is left to {@link
   * #migrate}, whose message explains the repair.
   */
  private void requireCryptoDatabase() {
    SchemaStatus status = schemaStatus();
    if (status.dirty()) {
      return;
    }
    List<String> tables =
        db.withHandle(
            h ->
                h.createQuery(
                        "SELECT name FROM sqlite_master WHERE type = 'table'"
                            + " AND name <> 'schema_version' AND substr(name, 1, 7) <> 'sqlite_'"
                            + " ORDER BY name")
                    .mapTo(String.class)
                    .list());
    if (status.currentVersion() == 0 && !tables.isEmpty()) {
      throw new IllegalStateException(
          "database "
              + db.file()
              + " is not a crypto service database: it has tables ("
              + String.join(", ", tables)
              + ") but no crypto schema; refusing to add one. Check the path");
    }
    if (status.currentVersion() > 0 && !tables.contains("barrier")) {
      throw new IllegalStateException(
          "database "
              + db.file()
              + " is not a crypto service database: it has no barrier table (its tables: "
              + String.join(", ", tables)
              + "). Check the path: is it another service's database?");
    }
  }
}
