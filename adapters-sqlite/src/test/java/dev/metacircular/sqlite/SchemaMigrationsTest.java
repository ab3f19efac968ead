package dev.metacircular.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.ports.storage.SchemaStatus;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The migration mechanism, on test schemas under {@code
 * src/test/resources/dev/metacircular/sqlite/}.
 */
class SchemaMigrationsTest {

  @TempDir Path directory;

  private SqliteDatabase newDatabase() {
    return SqliteDatabase.open(directory.resolve("test.db"), true);
  }

  private static boolean hasTable(SqliteDatabase db, String table) {
    return db.withHandle(
        h ->
            h.createQuery("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?")
                    .bind(0, table)
                    .mapTo(Integer.class)
                    .one()
                > 0);
  }

  @Test
  void theIdentityMigrationsAreNumberedFromOneAndPresent() {
    List<SchemaMigrations.Migration> migrations = SchemaMigrations.IDENTITY.migrations();

    assertThat(migrations).isNotEmpty();
    for (int i = 0; i < migrations.size(); i++) {
      SchemaMigrations.Migration m = migrations.get(i);
      assertThat(m.version()).isEqualTo(i + 1);
      assertThat(SchemaMigrations.class.getResource(m.resource())).as(m.resource()).isNotNull();
    }
    assertThat(SchemaMigrations.IDENTITY.latestVersion()).isEqualTo(migrations.size());
  }

  @Test
  void badlyNamedOrNumberedMigrationsAreRefused() {
    assertThatThrownBy(() -> new SchemaMigrations("x", List.of("V1_initial.sql")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SchemaMigrations("x", List.of("V1__a.sql", "V3__c.sql")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("should be version 2");
    assertThatThrownBy(() -> new SchemaMigrations("x", List.of("V2__b.sql")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aScriptRunsWholeWithTriggersCommentsAndQuotedSemicolons() {
    SchemaMigrations grammar = new SchemaMigrations("grammar", List.of("V1__tricky.sql"));
    try (SqliteDatabase db = newDatabase()) {
      assertThat(grammar.migrate(db)).isEqualTo(new SchemaStatus(1, 1, false));

      List<String> notes =
          db.withHandle(
              h -> h.createQuery("SELECT text FROM notes ORDER BY id").mapTo(String.class).list());
      assertThat(notes).containsExactly("a; b", "it's; fine", "after trigger");
      int logged =
          db.withHandle(h -> h.createQuery("SELECT count(*) FROM log").mapTo(Integer.class).one());
      assertThat(logged).isEqualTo(3);
    }
  }

  @Test
  void aFailedMigrationRollsBackLeavesTheSchemaDirtyAndSaysHowToRecover() {
    SchemaMigrations broken =
        new SchemaMigrations("broken", List.of("V1__first.sql", "V2__fails.sql"));
    try (SqliteDatabase db = newDatabase()) {
      assertThatThrownBy(() -> broken.migrate(db))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("migration V2 (fails)")
          .hasMessageContaining("rolled back")
          .hasMessageContaining("dirty at version 2")
          .hasMessageContaining("schema force --version 1")
          .rootCause()
          .hasMessageContaining("no_such_table");

      assertThat(broken.status(db)).isEqualTo(new SchemaStatus(2, 2, true));
      assertThat(hasTable(db, "first_table")).isTrue();
      // V2 created a table before failing; the rollback took it away again.
      assertThat(hasTable(db, "half_done")).isFalse();

      assertThatThrownBy(() -> broken.migrate(db))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("dirty at version 2")
          .hasMessageContaining("schema force --version 1");

      broken.force(db, 1);
      assertThat(broken.status(db)).isEqualTo(new SchemaStatus(1, 2, false));

      SchemaMigrations fixed =
          new SchemaMigrations("broken", List.of("V1__first.sql", "V2__fixed.sql"));
      assertThat(fixed.migrate(db)).isEqualTo(new SchemaStatus(2, 2, false));
      assertThat(hasTable(db, "half_done")).isTrue();
    }
  }

  @Test
  void statusCreatesNothing() {
    try (SqliteDatabase db = newDatabase()) {
      assertThat(SchemaMigrations.IDENTITY.status(db))
          .isEqualTo(new SchemaStatus(0, SchemaMigrations.IDENTITY.latestVersion(), false));
      assertThat(hasTable(db, "schema_version")).isFalse();
    }
  }

  @Test
  void migrationsRefuseToRunInsideATransaction() {
    try (SqliteDatabase db = newDatabase()) {
      assertThatThrownBy(() -> db.inTransaction(h -> SchemaMigrations.IDENTITY.migrate(db)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("inside a transaction");
    }
  }
}
