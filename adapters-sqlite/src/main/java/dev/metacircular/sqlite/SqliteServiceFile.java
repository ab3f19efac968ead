package dev.metacircular.sqlite;

import dev.metacircular.ports.health.out.ReadinessCheck;
import dev.metacircular.ports.storage.SchemaStatus;
import dev.metacircular.ports.telemetry.out.Telemetry;
import java.nio.file.Path;
import java.util.List;

/**
 * What every service's SQLite file offers its operator, whatever the service stores in it: the
 * schema commands of the offline tools ({@code schema verify / migrate / force}), consistent
 * snapshots, the integrity check, and closing. {@link SqliteIdentityStorage} and {@link
 * SqliteCryptoStorage} add their stores.
 */
public abstract class SqliteServiceFile implements AutoCloseable {

  final SqliteDatabase db;
  private final SchemaMigrations schema;

  SqliteServiceFile(SqliteDatabase db, SchemaMigrations schema) {
    this.db = db;
    this.schema = schema;
  }

  /** The schema version of the file, the newest this release knows, and the dirty flag. */
  public SchemaStatus schemaStatus() {
    return schema.status(db);
  }

  /**
   * Applies pending migrations.
   *
   * @throws IllegalStateException when the schema is dirty (run {@code schema force} first), newer
   *     than this release, or a migration fails (which leaves it dirty)
   */
  public SchemaStatus migrate() {
    return schema.migrate(db);
  }

  /**
   * Break-glass: records {@code version} as the schema version and clears the dirty flag without
   * running any migration. Use only after a failed migration, with the last version that was
   * applied completely.
   *
   * @throws IllegalArgumentException when {@code version} is outside 0..latest
   */
  public void forceVersion(int version) {
    schema.force(db, version);
  }

  /**
   * Writes a consistent copy of the database to {@code target} (mode 0600) with {@code VACUUM
   * INTO}, safe while the service runs. The copy is encrypted where the database is, so it needs
   * the same key (master key, seal password of the moment) to be useful.
   *
   * @throws IllegalArgumentException when {@code target} exists or its directory does not
   */
  public void snapshot(Path target) {
    db.snapshot(target);
  }

  /** The result of {@code PRAGMA integrity_check}: {@code "ok"} for a healthy database. */
  public String integrityCheck() {
    return db.integrityCheck();
  }

  /**
   * Whether the file's audit log has the hash chain (its schema has the audit chain migration): an
   * older file must be migrated ({@code schema migrate}, or a start of the service) before it can
   * be verified.
   */
  public boolean hasAuditChain() {
    return db.withHandle(
        h ->
            h.createQuery(
                        "SELECT count(*) FROM pragma_table_info('audit_log')"
                            + " WHERE name IN ('prev_hash', 'hash')")
                    .mapTo(Integer.class)
                    .one()
                == 2);
  }

  /**
   * This service's readiness checks on its file: {@code storage} (the file takes a write) and
   * {@code audit} (the audit log, which lives in the same file, can take an entry). Each runs a
   * write that is rolled back, so nothing stays; each answers {@code storage full} or {@code
   * storage read-only} when SQLite says so.
   */
  public List<ReadinessCheck> readinessChecks() {
    return List.of(db.writeCheck("storage"), db.writeCheck("audit"));
  }

  /**
   * Counts every write this file refuses ({@code storage full}, {@code storage read-only}) in
   * {@code telemetry}, once, where SQLite reports it.
   */
  public void reportRefusalsTo(Telemetry telemetry) {
    db.reportRefusalsTo(telemetry);
  }

  /** The database file, as an absolute path. */
  public Path file() {
    return db.file();
  }

  /** Closes the connection; every store refuses further calls. Idempotent. */
  @Override
  public void close() {
    db.close();
  }

  /** For tests in this package: the database behind the stores. */
  SqliteDatabase database() {
    return db;
  }
}
