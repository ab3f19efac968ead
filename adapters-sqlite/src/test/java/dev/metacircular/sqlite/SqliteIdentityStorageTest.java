package dev.metacircular.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.ports.audit.AuditEvent;
import dev.metacircular.ports.audit.AuditFilter;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.AccountStatus;
import dev.metacircular.ports.identity.TokenRecord;
import dev.metacircular.ports.identity.out.StoredAccount;
import dev.metacircular.ports.policy.Effect;
import dev.metacircular.ports.policy.PolicyRule;
import dev.metacircular.ports.storage.SchemaStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening, settings, schema state and persistence of the identity database. */
class SqliteIdentityStorageTest {

  private static final Instant T0 = Instant.parse("2025-06-01T10:15:30.123Z");

  @TempDir Path directory;

  private Path dbFile() {
    return directory.resolve("identity.db");
  }

  static StoredAccount account(String username) {
    return new StoredAccount(
        UUID.randomUUID(),
        username,
        AccountType.HUMAN,
        AccountStatus.ACTIVE,
        Set.of(Role.USER),
        "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA",
        null,
        false,
        0,
        0,
        null,
        T0,
        T0);
  }

  private static String mode(Path file) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }

  private static void setSchemaRow(SqliteIdentityStorage storage, int version, int dirty) {
    storage
        .database()
        .withHandle(
            h -> h.execute("UPDATE schema_version SET version = ?, dirty = ?", version, dirty));
  }

  @Test
  void openCreatesTheFileAndItsMissingDirectoriesOwnerOnly() throws Exception {
    Path nested = directory.resolve("a/b/identity.db");

    try (SqliteIdentityStorage storage = SqliteIdentityStorage.open(nested)) {
      assertThat(storage.file()).isEqualTo(nested.toAbsolutePath());
      assertThat(mode(nested)).isEqualTo("rw-------");
      assertThat(mode(directory.resolve("a"))).isEqualTo("rwx------");
      assertThat(mode(directory.resolve("a/b"))).isEqualTo("rwx------");
    }
  }

  @Test
  void theWriteAheadLogFilesAreOwnerOnlyToo() throws Exception {
    try (SqliteIdentityStorage storage = SqliteIdentityStorage.open(dbFile())) {
      storage.settings().put("k", "v".getBytes(StandardCharsets.UTF_8));

      Path wal = directory.resolve("identity.db-wal");
      Path shm = directory.resolve("identity.db-shm");
      assertThat(wal).exists();
      assertThat(shm).exists();
      assertThat(mode(wal)).isEqualTo("rw-------");
      assertThat(mode(shm)).isEqualTo("rw-------");
      assertThat(mode(dbFile())).isEqualTo("rw-------");
    }
  }

  @Test
  void anExistingFileReadableByOthersIsNarrowedToItsOwner() throws Exception {
    SqliteIdentityStorage.open(dbFile()).close();
    Files.setPosixFilePermissions(dbFile(), PosixFilePermissions.fromString("rw-r--r--"));

    try (SqliteIdentityStorage storage = SqliteIdentityStorage.open(dbFile())) {
      assertThat(mode(dbFile())).isEqualTo("rw-------");
    }
  }

  @Test
  void theDurabilitySettingsAreInForce() {
    try (SqliteIdentityStorage storage = SqliteIdentityStorage.open(dbFile())) {
      SqliteDatabase db = storage.database();
      assertThat(db.pragma("journal_mode")).isEqualToIgnoringCase("wal");
      assertThat(db.pragma("synchronous")).isEqualTo("2"); // FULL
      assertThat(db.pragma("foreign_keys")).isEqualTo("1");
      assertThat(db.pragma("busy_timeout")).isEqualTo("5000");
    }
  }

  @Test
  void foreignKeysAreEnforced() {
    try (SqliteIdentityStorage storage = SqliteIdentityStorage.open(dbFile())) {
      TokenRecord orphan =
          new TokenRecord(
              "jti-1",
              UUID.randomUUID(),
              TokenRecord.Kind.LOGIN,
              T0,
              T0.plusSeconds(60),
              null,
              null);

      assertThatThrownBy(() -> storage.tokens().insert(orphan))
          .isInstanceOf(DomainException.NotFound.class)
          .hasMessage("account not found");
      assertThat(storage.tokens().find("jti-1")).isEmpty();
    }
  }

  @Test
  void openAppliesEveryMigrationAndReopeningChangesNothing() {
    int latest = SchemaMigrations.IDENTITY.latestVersion();
    StoredAccount alice = account("alice");
    try (SqliteIdentityStorage storage = SqliteIdentityStorage.open(dbFile())) {
      assertThat(storage.schemaStatus()).isEqualTo(new SchemaStatus(latest, latest, false));
      assertThat(storage.schemaStatus().upToDate()).isTrue();
      storage.accounts().insert(alice);
    }

    try (SqliteIdentityStorage storage = SqliteIdentityStorage.open(dbFile())) {
      assertThat(storage.schemaStatus()).isEqualTo(new SchemaStatus(latest, latest, false));
      assertThat(storage.migrate()).isEqualTo(new SchemaStatus(latest, latest, false));
      assertThat(storage.accounts().findById(alice.id())).isPresent();
    }
  }

  @Test
  void everyCommittedWriteSurvivesClosingAndReopening() {
    StoredAccount alice = account("alice");
    TokenRecord token =
        new TokenRecord(
            "jti-1",
            alice.id(),
            TokenRecord.Kind.SERVICE,
            T0,
            T0.plus(Duration.ofDays(1)),
            null,
            null);
    PolicyRule rule =
        new PolicyRule("r1", 10, Effect.DENY, "no guests", null, null, List.of("login"));
    AuditEvent event =
        AuditEvent.of(T0, "account_created", "admin", alice.id().toString(), "", Map.of("k", "v"));
    AuditEvent stored;
    try (SqliteIdentityStorage storage = SqliteIdentityStorage.open(dbFile())) {
      storage
          .transactions()
          .run(
              () -> {
                storage.accounts().insert(alice);
                storage.tokens().insert(token);
              });
      storage.policyRules().put(rule);
      storage.settings().put("kdf.salt", new byte[] {1, 2, 3});
      stored = storage.audit().append(event);
    }

    try (SqliteIdentityStorage storage = SqliteIdentityStorage.open(dbFile())) {
      assertThat(storage.accounts().findByUsername("alice")).isPresent();
      assertThat(storage.tokens().find("jti-1")).isPresent();
      assertThat(storage.policyRules().find("r1")).contains(rule);
      assertThat(storage.settings().get("kdf.salt")).get().isEqualTo(new byte[] {1, 2, 3});
      assertThat(storage.audit().tail(10)).containsExactly(stored);
      assertThat(storage.integrityCheck()).isEqualTo("ok");
    }
  }

  @Test
  void openWithoutMigratingRefusesAMissingFileAndCreatesNothing() {
    Path missing = directory.resolve("nowhere/identity.db");

    assertThatThrownBy(() -> SqliteIdentityStorage.openWithoutMigrating(missing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no database file at")
        .hasMessageContaining(missing.toString());
    assertThat(directory.resolve("nowhere")).doesNotExist();
    assertThat(missing).doesNotExist();
  }

  @Test
  void openWithoutMigratingReportsAnUnmigratedDatabaseAsVersionZero() throws Exception {
    OwnerOnlyFiles.createEmpty(dbFile());
    int latest = SchemaMigrations.IDENTITY.latestVersion();

    try (SqliteIdentityStorage storage = SqliteIdentityStorage.openWithoutMigrating(dbFile())) {
      assertThat(storage.schemaStatus()).isEqualTo(new SchemaStatus(0, latest, false));
      assertThat(storage.schemaStatus().upToDate()).isFalse();

      assertThat(storage.migrate()).isEqualTo(new SchemaStatus(latest, latest, false));
      storage.accounts().insert(account("alice"));
    }
  }

  @Test
  void aDirtySchemaIsRefusedAtOpenUntilItIsForced() {
    int latest = SchemaMigrations.IDENTITY.latestVersion();
    try (SqliteIdentityStorage storage = SqliteIdentityStorage.open(dbFile())) {
      storage.accounts().insert(account("alice"));
      setSchemaRow(storage, latest, 1);
    }

    assertThatThrownBy(() -> SqliteIdentityStorage.open(dbFile()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("dirty at version " + latest)
        .hasMessageContaining("schema force --version " + (latest - 1))
        .hasMessageContaining("schema migrate");

    try (SqliteIdentityStorage storage = SqliteIdentityStorage.openWithoutMigrating(dbFile())) {
      assertThat(storage.schemaStatus()).isEqualTo(new SchemaStatus(latest, latest, true));
      assertThatThrownBy(storage::migrate)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("schema force");

      storage.forceVersion(latest);
      assertThat(storage.schemaStatus()).isEqualTo(new SchemaStatus(latest, latest, false));
    }

    try (SqliteIdentityStorage storage = SqliteIdentityStorage.open(dbFile())) {
      assertThat(storage.accounts().findByUsername("alice")).isPresent();
    }
  }

  @Test
  void forceAcceptsOnlyKnownVersions() throws Exception {
    OwnerOnlyFiles.createEmpty(dbFile());
    int latest = SchemaMigrations.IDENTITY.latestVersion();
    try (SqliteIdentityStorage storage = SqliteIdentityStorage.openWithoutMigrating(dbFile())) {
      assertThatThrownBy(() -> storage.forceVersion(-1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("between 0 and " + latest);
      assertThatThrownBy(() -> storage.forceVersion(latest + 1))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(storage.schemaStatus()).isEqualTo(new SchemaStatus(0, latest, false));

      storage.forceVersion(0);
      assertThat(storage.schemaStatus()).isEqualTo(new SchemaStatus(0, latest, false));
    }
  }

  @Test
  void aSchemaNewerThanThisReleaseIsRefused() {
    int latest = SchemaMigrations.IDENTITY.latestVersion();
    try (SqliteIdentityStorage storage = SqliteIdentityStorage.open(dbFile())) {
      setSchemaRow(storage, latest + 1, 0);
    }

    assertThatThrownBy(() -> SqliteIdentityStorage.open(dbFile()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("newer than this release");
    try (SqliteIdentityStorage storage = SqliteIdentityStorage.openWithoutMigrating(dbFile())) {
      assertThat(storage.schemaStatus()).isEqualTo(new SchemaStatus(latest + 1, latest, false));
    }
  }

  @Test
  void aFileThatIsNotADatabaseIsRefused() throws Exception {
    Files.writeString(dbFile(), "this is not a database, just some text that is long enough");

    assertThatThrownBy(() -> SqliteIdentityStorage.open(dbFile()))
        .isInstanceOf(RuntimeException.class);
  }

  @Test
  void aClosedStorageRefusesEveryCallAndClosingTwiceIsHarmless() {
    SqliteIdentityStorage storage = SqliteIdentityStorage.open(dbFile());
    storage.close();
    storage.close();

    assertThatThrownBy(() -> storage.accounts().list())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> storage.settings().put("k", new byte[0]))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> storage.transactions().run(() -> {}))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(storage::schemaStatus).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aDomainRefusalThrownByTheWorkComesBackUnwrappedAndRollsBack() {
    try (SqliteIdentityStorage storage = SqliteIdentityStorage.open(dbFile())) {
      DomainException.Forbidden refusal = new DomainException.Forbidden("not yours");

      assertThatThrownBy(
              () ->
                  storage
                      .transactions()
                      .run(
                          () -> {
                            storage.accounts().insert(account("alice"));
                            throw refusal;
                          }))
          .isSameAs(refusal);
      assertThat(storage.accounts().list()).isEmpty();
    }
  }

  @Test
  void aWorkThatCatchesAStoreRefusalCanStillCommit() {
    try (SqliteIdentityStorage storage = SqliteIdentityStorage.open(dbFile())) {
      storage.accounts().insert(account("alice"));

      storage
          .transactions()
          .run(
              () -> {
                try {
                  storage.accounts().insert(account("alice"));
                } catch (DomainException.Conflict expected) {
                  storage.accounts().insert(account("alice2"));
                }
              });

      assertThat(storage.accounts().list())
          .extracting(StoredAccount::username)
          .containsExactly("alice", "alice2");
    }
  }

  @Test
  void aDuplicateAccountIdConflicts() {
    try (SqliteIdentityStorage storage = SqliteIdentityStorage.open(dbFile())) {
      StoredAccount alice = account("alice");
      storage.accounts().insert(alice);
      StoredAccount sameId =
          new StoredAccount(
              alice.id(),
              "bob",
              AccountType.HUMAN,
              AccountStatus.ACTIVE,
              Set.of(),
              null,
              null,
              false,
              0,
              0,
              null,
              T0,
              T0);

      assertThatThrownBy(() -> storage.accounts().insert(sameId))
          .isInstanceOf(DomainException.Conflict.class)
          .hasMessage("account id already exists");
      assertThat(storage.accounts().findByUsername("bob")).isEmpty();
    }
  }

  @Test
  void queryLimitsCountEventsNotDetailRows() {
    try (SqliteIdentityStorage storage = SqliteIdentityStorage.open(dbFile())) {
      for (int i = 0; i < 3; i++) {
        storage
            .audit()
            .append(
                AuditEvent.of(
                    T0.plusSeconds(i),
                    "e" + i,
                    "alice",
                    "",
                    "",
                    Map.of("a", "1", "b", "2", "c", "3")));
      }

      List<AuditEvent> found = storage.audit().query(AuditFilter.latest(2));

      assertThat(found).extracting(AuditEvent::type).containsExactly("e2", "e1");
      assertThat(found)
          .allSatisfy(e -> assertThat(e.details()).isEqualTo(Map.of("a", "1", "b", "2", "c", "3")));
      assertThat(storage.audit().tail(2)).extracting(AuditEvent::type).containsExactly("e1", "e2");
      assertThat(storage.audit().tail(0)).isEmpty();
    }
  }

  @Test
  void auditDetailsKeepAnyCharacters() {
    Map<String, String> awkward =
        Map.of(
            "", "empty name",
            "empty value", "",
            "quote\"comma,", "new\nline\ttab\\back",
            "ünïcødé", "✓ {\"json\":[1,2]} ; DROP TABLE audit_log; --");
    try (SqliteIdentityStorage storage = SqliteIdentityStorage.open(dbFile())) {
      AuditEvent stored =
          storage.audit().append(AuditEvent.of(T0, "custom", "a", "s", "::1", awkward));

      assertThat(storage.audit().tail(1)).containsExactly(stored);
      assertThat(storage.audit().tail(1).get(0).details()).isEqualTo(awkward);
    }
  }
}
