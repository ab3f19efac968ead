package dev.metacircular.sqlite;

import dev.metacircular.ports.storage.SchemaStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The versioned schema of one kind of database, as SQL resources {@code V<n>__<name>.sql} applied
 * in order and tracked in a one-row {@code schema_version} table (version, dirty), the way the
 * reference's offline tool ({@code schema verify / migrate / force}) expects.
 *
 * <p><b>Dirty.</b> Before a migration runs, its version is recorded with {@code dirty=1} and
 * committed; the migration's statements and the clearing of the flag then commit together in one
 * transaction. SQLite's DDL is transactional, so a migration that fails rolls back completely and
 * the database is exactly as the previous version left it; the committed flag is what remains, so
 * that nothing (a process killed mid-migration included) can be mistaken for a finished upgrade. As
 * in the reference, the dirty version is the one that failed: the operator fixes the cause, runs
 * {@code schema force --version <n-1>} and {@code schema migrate} again.
 */
final class SchemaMigrations {

  private static final Logger log = LoggerFactory.getLogger(SchemaMigrations.class);

  private static final Pattern FILE_NAME = Pattern.compile("V([1-9][0-9]*)__([a-z0-9_]+)\\.sql");

  /** The identity service's schema. Add new files at the end; never edit an applied one. */
  static final SchemaMigrations IDENTITY =
      new SchemaMigrations(
          "identity",
          List.of(
              "V1__initial.sql",
              "V2__sso_and_passkeys.sql",
              "V3__token_audience_and_session.sql",
              "V4__login_sources.sql",
              "V5__audit_chain.sql",
              "V6__recovery_codes.sql",
              "V7__metrics_role.sql"),
          Map.of("audit_chain", SqliteAuditLog::chainExisting));

  /** The crypto service's schema: barrier entries and its audit log. Same rules. */
  static final SchemaMigrations CRYPTO =
      new SchemaMigrations(
          "crypto",
          List.of("V1__initial.sql", "V2__audit_chain.sql"),
          Map.of("audit_chain", SqliteAuditLog::chainExisting));

  /** The control plane's schema (agent and master registries, issue 13). Same rules. */
  static final SchemaMigrations MCP =
      new SchemaMigrations("mcp", List.of("V1__initial.sql", "V2__route_health_path.sql"));

  /**
   * One migration: its version, its name, where its SQL lives on the class path, and the work done
   * in Java after the SQL, in the same transaction (for what SQL cannot compute, such as hashes); a
   * no-op for most.
   */
  record Migration(int version, String name, String resource, Consumer<Handle> javaStep) {}

  private final String schema;
  private final List<Migration> migrations;

  SchemaMigrations(String schema, List<String> fileNames) {
    this(schema, fileNames, Map.of());
  }

  /** {@code javaSteps} maps a migration's name (the part after {@code V<n>__}) to its Java step. */
  SchemaMigrations(String schema, List<String> fileNames, Map<String, Consumer<Handle>> javaSteps) {
    this.schema = Objects.requireNonNull(schema, "schema");
    List<Migration> list = new ArrayList<>();
    for (String fileName : fileNames) {
      Matcher m = FILE_NAME.matcher(fileName);
      if (!m.matches()) {
        throw new IllegalArgumentException(
            "migration file name " + fileName + " is not V<n>__<name>.sql");
      }
      int version = Integer.parseInt(m.group(1));
      if (version != list.size() + 1) {
        throw new IllegalArgumentException(
            "migration " + fileName + " should be version " + (list.size() + 1));
      }
      String resource = "/dev/metacircular/sqlite/" + schema + "/" + fileName;
      list.add(
          new Migration(
              version, m.group(2), resource, javaSteps.getOrDefault(m.group(2), h -> {})));
    }
    this.migrations = List.copyOf(list);
  }

  List<Migration> migrations() {
    return migrations;
  }

  int latestVersion() {
    return migrations.size();
  }

  /** Reads the schema state; creates nothing (a database never migrated is version 0). */
  SchemaStatus status(SqliteDatabase db) {
    return db.withHandle(this::status);
  }

  private SchemaStatus status(Handle h) {
    boolean hasTable =
        h.createQuery(
                    "SELECT count(*) FROM sqlite_master"
                        + " WHERE type = 'table' AND name = 'schema_version'")
                .mapTo(Integer.class)
                .one()
            > 0;
    if (!hasTable) {
      return new SchemaStatus(0, latestVersion(), false);
    }
    return h.createQuery("SELECT version, dirty FROM schema_version WHERE id = 1")
        .map(
            (rs, ctx) ->
                new SchemaStatus(rs.getInt("version"), latestVersion(), rs.getInt("dirty") != 0))
        .findOne()
        .orElse(new SchemaStatus(0, latestVersion(), false));
  }

  /**
   * Applies every pending migration, in order, each in its own transaction.
   *
   * @throws IllegalStateException when the schema is dirty, newer than this build, or a migration
   *     fails; the message says what the operator should do
   */
  SchemaStatus migrate(SqliteDatabase db) {
    return db.withHandle(
        h -> {
          if (h.isInTransaction()) {
            throw new IllegalStateException("migrations cannot run inside a transaction");
          }
          SchemaStatus current = status(h);
          if (current.dirty()) {
            throw new IllegalStateException(
                "the "
                    + schema
                    + " database schema is dirty at version "
                    + current.currentVersion()
                    + ": that migration failed or was interrupted. Find and fix the cause, then run"
                    + " `schema force --version "
                    + Math.max(0, current.currentVersion() - 1)
                    + "` (the last version that was applied completely) and `schema migrate`");
          }
          if (current.currentVersion() > latestVersion()) {
            throw new IllegalStateException(
                "the "
                    + schema
                    + " database schema is at version "
                    + current.currentVersion()
                    + ", newer than this release knows ("
                    + latestVersion()
                    + "); run a newer release");
          }
          for (Migration m : migrations.subList(current.currentVersion(), migrations.size())) {
            apply(h, m);
          }
          return status(h);
        });
  }

  private void apply(Handle h, Migration m) {
    String sql = load(m);
    h.useTransaction(
        tx -> {
          createVersionTable(tx);
          setVersion(tx, m.version(), true);
        });
    try {
      h.useTransaction(
          tx -> {
            executeScript(tx, sql);
            m.javaStep().accept(tx);
            requireNoForeignKeyViolations(tx);
            setVersion(tx, m.version(), false);
          });
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "migration V"
              + m.version()
              + " ("
              + m.name()
              + ") of the "
              + schema
              + " database failed and was rolled back; the schema is now marked dirty at version "
              + m.version()
              + ". Fix the cause, then run `schema force --version "
              + (m.version() - 1)
              + "` and `schema migrate`",
          e);
    }
    log.info("applied {} schema migration V{} ({})", schema, m.version(), m.name());
  }

  /**
   * Break-glass: records {@code version} as applied and clears the dirty flag, without running
   * anything. Only for recovering from a failed migration, after inspecting the database.
   */
  void force(SqliteDatabase db, int version) {
    if (version < 0 || version > latestVersion()) {
      throw new IllegalArgumentException(
          "schema version must be between 0 and " + latestVersion() + ", not " + version);
    }
    db.inTransaction(
        h -> {
          createVersionTable(h);
          setVersion(h, version, false);
          return null;
        });
    log.info("forced {} schema version to {} and cleared the dirty flag", schema, version);
  }

  private static void createVersionTable(Handle h) {
    h.execute(
        "CREATE TABLE IF NOT EXISTS schema_version ("
            + " id INTEGER PRIMARY KEY CHECK (id = 1),"
            + " version INTEGER NOT NULL CHECK (version >= 0),"
            + " dirty INTEGER NOT NULL CHECK (dirty IN (0, 1)))");
  }

  private static void setVersion(Handle h, int version, boolean dirty) {
    h.createUpdate(
            "INSERT INTO schema_version (id, version, dirty) VALUES (1, :version, :dirty)"
                + " ON CONFLICT (id) DO UPDATE SET"
                + " version = excluded.version, dirty = excluded.dirty")
        .bind("version", version)
        .bind("dirty", dirty ? 1 : 0)
        .execute();
  }

  /**
   * Runs a whole script on the transaction's connection. The driver hands it to {@code
   * sqlite3_exec}, which parses SQLite's own grammar (triggers, comments, quoted semicolons), so
   * the script is never split by a home-made parser.
   */
  private static void executeScript(Handle h, String sql) {
    try (Statement statement = h.getConnection().createStatement()) {
      statement.executeUpdate(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  private static void requireNoForeignKeyViolations(Handle h) {
    // PRAGMA foreign_keys cannot change inside a transaction, so a migration that rebuilds a
    // table is not checked row by row; check the result as a whole before committing it.
    int violations = h.createQuery("PRAGMA foreign_key_check").mapToMap().list().size();
    if (violations > 0) {
      throw new IllegalStateException(
          violations + " rows violate foreign keys after the migration");
    }
  }

  private static String load(Migration m) {
    try (InputStream in = SchemaMigrations.class.getResourceAsStream(m.resource())) {
      if (in == null) {
        throw new IllegalStateException("migration resource " + m.resource() + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read migration " + m.resource(), e);
    }
  }
}
