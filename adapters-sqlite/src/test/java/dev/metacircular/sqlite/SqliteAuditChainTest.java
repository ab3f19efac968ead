package dev.metacircular.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.ports.audit.AuditChain;
import dev.metacircular.ports.audit.AuditEvent;
import dev.metacircular.ports.audit.ChainVerdict;
import dev.metacircular.ports.audit.out.AuditLog;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit chain as SQLite stores it: existing entries are chained by the migration, edits and
 * deletions made straight in the file are named, and concurrent writers keep it one line.
 */
class SqliteAuditChainTest {

  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

  @TempDir Path directory;

  private static ChainVerdict verify(AuditLog log) {
    AuditChain.Verifier verifier = new AuditChain.Verifier();
    log.readChain(verifier::accept);
    return verifier.verdict();
  }

  private static AuditEvent event(int second, String type) {
    return AuditEvent.of(
        T0.plusSeconds(second), type, "alice", "bob", "192.0.2.1", Map.of("reason", "r" + second));
  }

  private static <T> T sql(Path file, Function<org.jdbi.v3.core.Handle, T> work) {
    SqliteDatabase db = SqliteDatabase.open(file, false);
    try {
      return db.withHandle(work::apply);
    } finally {
      db.close();
    }
  }

  @Test
  void theMigrationChainsTheEntriesOfAnOlderDatabase() {
    Path file = directory.resolve("mcias.db");
    SqliteDatabase old = SqliteDatabase.open(file, true);
    try {
      // The identity schema as the release before the chain left it.
      new SchemaMigrations("identity", List.of("V1__initial.sql", "V2__sso_and_passkeys.sql"))
          .migrate(old);
      old.withHandle(
          h -> {
            for (int i = 1; i <= 3; i++) {
              h.execute(
                  "INSERT INTO audit_log (time, type, actor) VALUES (?, ?, 'old')",
                  T0.plusSeconds(i).toEpochMilli(),
                  "legacy_" + i);
              h.execute(
                  "INSERT INTO audit_details (event_id, name, value) VALUES (?, 'n', ?)",
                  i,
                  "v" + i);
            }
            return null;
          });
    } finally {
      old.close();
    }

    try (SqliteIdentityStorage storage = SqliteIdentityStorage.open(file)) {
      storage.audit().append(event(10, "after_upgrade"));

      ChainVerdict verdict = verify(storage.audit());

      assertThat(verdict).isInstanceOf(ChainVerdict.Intact.class);
      assertThat(((ChainVerdict.Intact) verdict).entries()).isEqualTo(4);
      assertThat(((ChainVerdict.Intact) verdict).headId()).isEqualTo(4);
    }
  }

  @Test
  void aRowEditedInTheFileIsNamed() {
    Path file = directory.resolve("crypto.db");
    try (SqliteCryptoStorage storage = SqliteCryptoStorage.open(file)) {
      for (int i = 0; i < 5; i++) {
        storage.audit().append(event(i, "sealed"));
      }
    }
    sql(file, h -> h.execute("UPDATE audit_log SET actor = 'mallory' WHERE id = 3"));

    try (SqliteCryptoStorage storage = SqliteCryptoStorage.openWithoutMigrating(file)) {
      ChainVerdict verdict = verify(storage.audit());
      assertThat(verdict).isInstanceOf(ChainVerdict.Broken.class);
      ChainVerdict.Broken broken = (ChainVerdict.Broken) verdict;
      assertThat(broken.entryId()).isEqualTo(3);
      assertThat(broken.problem()).isEqualTo("edited");
      assertThat(broken.checkedBefore()).isEqualTo(2);
    }
  }

  @Test
  void anEditedDetailAndADeletedRowAreNamed() {
    Path file = directory.resolve("mcias.db");
    try (SqliteIdentityStorage storage = SqliteIdentityStorage.open(file)) {
      for (int i = 0; i < 5; i++) {
        storage.audit().append(event(i, "account_deleted"));
      }
    }
    sql(file, h -> h.execute("UPDATE audit_details SET value = 'nothing' WHERE event_id = 2"));
    try (SqliteIdentityStorage storage = SqliteIdentityStorage.openWithoutMigrating(file)) {
      assertThat(((ChainVerdict.Broken) verify(storage.audit())).entryId()).isEqualTo(2);
    }

    sql(file, h -> h.execute("DELETE FROM audit_log WHERE id IN (2, 3)"));
    try (SqliteIdentityStorage storage = SqliteIdentityStorage.openWithoutMigrating(file)) {
      ChainVerdict.Broken broken = (ChainVerdict.Broken) verify(storage.audit());
      assertThat(broken.entryId()).isEqualTo(4);
      assertThat(broken.problem()).isEqualTo("missing predecessor");
    }
  }

  @Test
  void concurrentWritersKeepTheChainLinear() throws Exception {
    Path file = directory.resolve("mcias.db");
    try (SqliteIdentityStorage a = SqliteIdentityStorage.open(file);
        SqliteIdentityStorage b = SqliteIdentityStorage.open(file)) {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<?>> writers =
            List.of(a, b, a, b).stream()
                .map(
                    s ->
                        pool.submit(
                            () -> {
                              for (int i = 0; i < 25; i++) {
                                s.audit().append(event(i, "token_issued"));
                              }
                            }))
                .<Future<?>>map(f -> f)
                .toList();
        for (Future<?> w : writers) {
          w.get();
        }
      } finally {
        pool.shutdownNow();
      }
      ChainVerdict verdict = verify(a.audit());
      assertThat(verdict).isInstanceOf(ChainVerdict.Intact.class);
      assertThat(((ChainVerdict.Intact) verdict).entries()).isEqualTo(100);
    }
  }
}
