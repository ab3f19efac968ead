package dev.metacircular.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.ports.audit.AuditEvent;
import dev.metacircular.ports.storage.SchemaStatus;
import dev.metacircular.ports.storage.StorageWrite;
import dev.metacircular.ports.storage.out.PhysicalStorage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening, settings, schema state, persistence and refusals of the crypto database. */
class SqliteCryptoStorageTest {

  private static final Instant T0 = Instant.parse("2025-06-01T10:15:30.123Z");
  private static final int LATEST = SchemaMigrations.CRYPTO.latestVersion();

  @TempDir Path directory;

  private Path dbFile() {
    return directory.resolve("crypto.db");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String mode(Path file) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }

  private static List<String> tables(SqliteDatabase db) {
    return db.withHandle(
        h ->
            h.createQuery("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
                .mapTo(String.class)
                .list());
  }

  private static void setSchemaRow(SqliteCryptoStorage storage, int version, int dirty) {
    storage
        .database()
        .withHandle(
            h -> h.execute("UPDATE schema_version SET version = ?, dirty = ?", version, dirty));
  }

  // --- files and settings ---------------------------------------------------------------------

  @Test
  void openCreatesTheFileAndItsMissingDirectoriesOwnerOnly() throws Exception {
    Path nested = directory.resolve("a/b/crypto.db");

    try (SqliteCryptoStorage storage = SqliteCryptoStorage.open(nested)) {
      assertThat(storage.file()).isEqualTo(nested.toAbsolutePath());
      assertThat(mode(nested)).isEqualTo("rw-------");
      assertThat(mode(directory.resolve("a"))).isEqualTo("rwx------");
      assertThat(mode(directory.resolve("a/b"))).isEqualTo("rwx------");
    }
  }

  @Test
  void theWriteAheadLogFilesAreOwnerOnlyToo() throws Exception {
    try (SqliteCryptoStorage storage = SqliteCryptoStorage.open(dbFile())) {
      storage.physical().put("core/keyring", bytes("sealed"));

      assertThat(mode(directory.resolve("crypto.db-wal"))).isEqualTo("rw-------");
      assertThat(mode(directory.resolve("crypto.db-shm"))).isEqualTo("rw-------");
      assertThat(mode(dbFile())).isEqualTo("rw-------");
    }
  }

  @Test
  void theDurabilitySettingsAreInForce() {
    try (SqliteCryptoStorage storage = SqliteCryptoStorage.open(dbFile())) {
      SqliteDatabase db = storage.database();
      assertThat(db.pragma("journal_mode")).isEqualToIgnoringCase("wal");
      assertThat(db.pragma("synchronous")).isEqualTo("2"); // FULL
      assertThat(db.pragma("foreign_keys")).isEqualTo("1");
      assertThat(db.pragma("busy_timeout")).isEqualTo("5000");
    }
  }

  // --- schema ---------------------------------------------------------------------------------

  @Test
  void openAppliesTheCryptoSchemaAndReopeningChangesNothing() {
    try (SqliteCryptoStorage storage = SqliteCryptoStorage.open(dbFile())) {
      assertThat(storage.schemaStatus()).isEqualTo(new SchemaStatus(LATEST, LATEST, false));
      assertThat(tables(storage.database()))
          .contains("barrier", "audit_log", "audit_details")
          .doesNotContain("accounts", "settings");
      storage.physical().put("k", bytes("v"));
    }

    try (SqliteCryptoStorage storage = SqliteCryptoStorage.open(dbFile())) {
      assertThat(storage.migrate()).isEqualTo(new SchemaStatus(LATEST, LATEST, false));
      assertThat(storage.physical().get("k")).get().isEqualTo(bytes("v"));
    }
  }

  @Test
  void everyAcknowledgedWriteSurvivesClosingAndReopening() {
    byte[] big = new byte[300_000];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i * 31);
    }
    AuditEvent stored;
    try (SqliteCryptoStorage storage = SqliteCryptoStorage.open(dbFile())) {
      PhysicalStorage physical = storage.physical();
      physical.put("core/seal-config", bytes("argon2id t=3"));
      physical.put("core/keyring", big);
      physical.put("logical/transit/keys/old", bytes("gone"));
      physical.apply(
          List.of(
              StorageWrite.put("logical/transit/keys/a", bytes("a1")),
              StorageWrite.put("logical/transit/keys/b", new byte[0]),
              StorageWrite.delete("logical/transit/keys/old")));
      stored = storage.audit().append(AuditEvent.of(T0, "unseal", "admin", "", "::1", Map.of()));
    }

    try (SqliteCryptoStorage storage = SqliteCryptoStorage.open(dbFile())) {
      PhysicalStorage physical = storage.physical();
      assertThat(physical.list(""))
          .containsExactly(
              "core/keyring",
              "core/seal-config",
              "logical/transit/keys/a",
              "logical/transit/keys/b");
      assertThat(physical.get("core/keyring")).get().isEqualTo(big);
      assertThat(physical.get("core/seal-config")).get().isEqualTo(bytes("argon2id t=3"));
      assertThat(physical.get("logical/transit/keys/b")).get().isEqualTo(new byte[0]);
      assertThat(storage.audit().tail(10)).containsExactly(stored);
      assertThat(storage.integrityCheck()).isEqualTo("ok");
    }
  }

  @Test
  void aDirtySchemaIsRefusedAtOpenUntilItIsForced() {
    try (SqliteCryptoStorage storage = SqliteCryptoStorage.open(dbFile())) {
      storage.physical().put("k", bytes("v"));
      setSchemaRow(storage, LATEST, 1);
    }

    assertThatThrownBy(() -> SqliteCryptoStorage.open(dbFile()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("crypto database schema is dirty at version " + LATEST)
        .hasMessageContaining("schema force --version " + (LATEST - 1));

    try (SqliteCryptoStorage storage = SqliteCryptoStorage.openWithoutMigrating(dbFile())) {
      assertThat(storage.schemaStatus()).isEqualTo(new SchemaStatus(LATEST, LATEST, true));
      storage.forceVersion(LATEST);
    }
    try (SqliteCryptoStorage storage = SqliteCryptoStorage.open(dbFile())) {
      assertThat(storage.physical().get("k")).get().isEqualTo(bytes("v"));
    }
  }

  @Test
  void aSchemaNewerThanThisReleaseIsRefusedButCanBeInspected() {
    try (SqliteCryptoStorage storage = SqliteCryptoStorage.open(dbFile())) {
      setSchemaRow(storage, LATEST + 1, 0);
    }

    assertThatThrownBy(() -> SqliteCryptoStorage.open(dbFile()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("crypto database schema is at version " + (LATEST + 1))
        .hasMessageContaining("newer than this release");
    try (SqliteCryptoStorage storage = SqliteCryptoStorage.openWithoutMigrating(dbFile())) {
      assertThat(storage.schemaStatus()).isEqualTo(new SchemaStatus(LATEST + 1, LATEST, false));
    }
  }

  @Test
  void openWithoutMigratingRefusesAMissingFileAndCreatesNothing() {
    Path missing = directory.resolve("nowhere/crypto.db");

    assertThatThrownBy(() -> SqliteCryptoStorage.openWithoutMigrating(missing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no database file at");
    assertThat(directory.resolve("nowhere")).doesNotExist();
  }

  @Test
  void openWithoutMigratingReportsAnEmptyFileAsVersionZeroAndCanMigrateIt() throws Exception {
    OwnerOnlyFiles.createEmpty(dbFile());

    try (SqliteCryptoStorage storage = SqliteCryptoStorage.openWithoutMigrating(dbFile())) {
      assertThat(storage.schemaStatus()).isEqualTo(new SchemaStatus(0, LATEST, false));
      assertThat(storage.migrate()).isEqualTo(new SchemaStatus(LATEST, LATEST, false));
      storage.physical().put("k", bytes("v"));
    }
  }

  // --- files that are not crypto databases ----------------------------------------------------

  @Test
  void theIdentityDatabaseIsRefusedAndLeftUntouched() {
    Path identity = directory.resolve("identity.db");
    SqliteIdentityStorage.open(identity).close();

    assertThatThrownBy(() -> SqliteCryptoStorage.open(identity))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is not a crypto service database")
        .hasMessageContaining("no barrier table")
        .hasMessageContaining("accounts")
        .hasMessageContaining(identity.toString());
    assertThatThrownBy(() -> SqliteCryptoStorage.openWithoutMigrating(identity))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is not a crypto service database");

    try (SqliteIdentityStorage storage = SqliteIdentityStorage.open(identity)) {
      assertThat(tables(storage.database())).doesNotContain("barrier");
      assertThat(storage.integrityCheck()).isEqualTo("ok");
    }
  }

  @Test
  void anUnrelatedDatabaseIsRefusedAndGetsNoCryptoTables() {
    try (SqliteDatabase other = SqliteDatabase.open(dbFile(), true)) {
      other.withHandle(h -> h.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)"));
    }

    assertThatThrownBy(() -> SqliteCryptoStorage.open(dbFile()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is not a crypto service database")
        .hasMessageContaining("notes");

    try (SqliteDatabase other = SqliteDatabase.open(dbFile(), false)) {
      assertThat(tables(other)).containsExactly("notes");
    }
  }

  @Test
  void aFileThatIsNotADatabaseIsRefusedWithAPlainMessage() throws Exception {
    Files.writeString(dbFile(), "this is not a database, just some text that is long enough");

    assertThatThrownBy(() -> SqliteCryptoStorage.open(dbFile()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is not an SQLite database")
        .hasMessageContaining(dbFile().toString());
    assertThat(Files.readString(dbFile())).startsWith("this is not a database");
  }

  // --- the barrier table ----------------------------------------------------------------------

  @Test
  void listIsARangeScanOfThePrimaryKeyNeverAFullScan() {
    try (SqliteCryptoStorage storage = SqliteCryptoStorage.open(dbFile())) {
      String bounded =
          plan(storage, "EXPLAIN QUERY PLAN " + SqlitePhysicalStorage.LIST_RANGE, true);
      String unbounded =
          plan(storage, "EXPLAIN QUERY PLAN " + SqlitePhysicalStorage.LIST_FROM, false);

      assertThat(bounded)
          .contains("SEARCH barrier USING COVERING INDEX")
          .contains("key>? AND key<?");
      assertThat(unbounded).contains("SEARCH barrier USING COVERING INDEX").contains("key>?");
      assertThat(bounded + unbounded).doesNotContain("SCAN").doesNotContain("TEMP B-TREE");
    }
  }

  private static String plan(SqliteCryptoStorage storage, String sql, boolean withUpper) {
    return storage
        .database()
        .withHandle(
            h -> {
              var q = h.createQuery(sql).bind("lower", "a/");
              if (withUpper) {
                q.bind("upper", "a0");
              }
              return String.join("\n", q.map((rs, ctx) -> rs.getString("detail")).list());
            });
  }

  @Test
  void aFailureHalfWayThroughABatchRollsTheWholeBatchBack() {
    try (SqliteCryptoStorage storage = SqliteCryptoStorage.open(dbFile())) {
      PhysicalStorage physical = storage.physical();
      physical.put("existing", bytes("old"));
      // Stands in for a disk error or a constraint: the third write of the batch fails.
      storage
          .database()
          .withHandle(
              h ->
                  h.execute(
                      "CREATE TRIGGER poison BEFORE INSERT ON barrier WHEN NEW.key = 'poison'"
                          + " BEGIN SELECT RAISE(ABORT, 'poisoned'); END"));

      assertThatThrownBy(
              () ->
                  physical.apply(
                      List.of(
                          StorageWrite.put("first", bytes("1")),
                          StorageWrite.delete("existing"),
                          StorageWrite.put("poison", bytes("x")),
                          StorageWrite.put("last", bytes("2")))))
          .hasMessageContaining("poisoned");

      assertThat(physical.list("")).containsExactly("existing");
      assertThat(physical.get("existing")).get().isEqualTo(bytes("old"));
      // The failed transaction is gone: the next batch commits.
      physical.apply(List.of(StorageWrite.put("first", bytes("1"))));
      assertThat(physical.list("")).containsExactly("existing", "first");
    }
  }

  @Test
  void aKeyWithAnUnpairedSurrogateIsRefusedBecauseSqliteWouldStoreItAsAQuestionMark() {
    try (SqliteCryptoStorage storage = SqliteCryptoStorage.open(dbFile())) {
      PhysicalStorage physical = storage.physical();
      String unpaired = "a\uD800";

      assertThatThrownBy(() -> physical.put(unpaired, bytes("v")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("unpaired surrogate");
      assertThatThrownBy(() -> physical.get(unpaired)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> physical.delete(unpaired))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(
              () ->
                  physical.apply(
                      List.of(
                          StorageWrite.put("good", bytes("v")),
                          StorageWrite.put(unpaired, bytes("v")))))
          .isInstanceOf(IllegalArgumentException.class);

      assertThat(physical.list("")).isEmpty();
    }
  }

  @Test
  void aClosedStorageRefusesEveryCallAndClosingTwiceIsHarmless() {
    SqliteCryptoStorage storage = SqliteCryptoStorage.open(dbFile());
    storage.close();
    storage.close();

    PhysicalStorage physical = storage.physical();
    assertThatThrownBy(() -> physical.get("k"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> physical.put("k", bytes("v")))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> physical.list("")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> physical.apply(List.of(StorageWrite.delete("k"))))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> storage.audit().tail(1)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(storage::schemaStatus).isInstanceOf(IllegalStateException.class);
  }
}
