package dev.metacircular.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.ports.audit.AuditEvent;
import dev.metacircular.ports.identity.out.StoredAccount;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code VACUUM INTO} snapshots: complete, owner-only, consistent while writers run. */
class SnapshotTest {

  private static final Instant T0 = Instant.parse("2025-06-01T10:15:30.123Z");

  /** Per writer: keeps the log well below a tail's limit, so a copy can be read whole. */
  private static final int MAX_WRITES = 1_000;

  @TempDir Path directory;

  @Test
  void aSnapshotOpensWithTheSameDataAndPassesTheIntegrityCheck() throws Exception {
    Path snapshot = directory.resolve("backup/identity-snapshot.db");
    Files.createDirectories(snapshot.getParent());
    StoredAccount alice = SqliteIdentityStorageTest.account("alice");
    AuditEvent event;
    try (SqliteIdentityStorage storage = SqliteIdentityStorage.open(directory.resolve("id.db"))) {
      storage.accounts().insert(alice);
      storage.settings().put("kdf.salt", new byte[] {0, 1, 2, (byte) 255});
      event = storage.audit().append(AuditEvent.of(T0, "t", "a", "s", "", Map.of("k", "v")));

      storage.snapshot(snapshot);

      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(snapshot)))
          .isEqualTo("rw-------");
      // The live database goes on working after a snapshot.
      storage.settings().put("after", "x".getBytes(StandardCharsets.UTF_8));
    }

    try (SqliteIdentityStorage copy = SqliteIdentityStorage.openWithoutMigrating(snapshot)) {
      assertThat(copy.integrityCheck()).isEqualTo("ok");
      assertThat(copy.schemaStatus().upToDate()).isTrue();
      assertThat(copy.accounts().findById(alice.id())).isPresent();
      assertThat(copy.settings().get("kdf.salt")).get().isEqualTo(new byte[] {0, 1, 2, (byte) 255});
      assertThat(copy.settings().get("after")).isEmpty();
      assertThat(copy.audit().tail(10)).containsExactly(event);
    }
  }

  @Test
  void anExistingTargetIsRefusedAndLeftAlone() throws Exception {
    Path target = directory.resolve("taken.db");
    Files.writeString(target, "keep me");
    try (SqliteIdentityStorage storage = SqliteIdentityStorage.open(directory.resolve("id.db"))) {
      assertThatThrownBy(() -> storage.snapshot(target))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("already exists");
    }
    assertThat(Files.readString(target)).isEqualTo("keep me");
  }

  @Test
  void anEmptyExistingTargetIsRefusedToo() throws Exception {
    Path target = directory.resolve("empty.db");
    Files.createFile(target);
    try (SqliteIdentityStorage storage = SqliteIdentityStorage.open(directory.resolve("id.db"))) {
      assertThatThrownBy(() -> storage.snapshot(target))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(Files.size(target)).isZero();
  }

  @Test
  void aMissingDirectoryIsRefusedAndNotCreated() {
    Path target = directory.resolve("no/such/dir/snap.db");
    try (SqliteIdentityStorage storage = SqliteIdentityStorage.open(directory.resolve("id.db"))) {
      assertThatThrownBy(() -> storage.snapshot(target))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("does not exist");
    }
    assertThat(directory.resolve("no")).doesNotExist();
  }

  @Test
  void aSnapshotCannotBeTakenInsideAUnitOfWork() {
    Path target = directory.resolve("snap.db");
    try (SqliteIdentityStorage storage = SqliteIdentityStorage.open(directory.resolve("id.db"))) {
      assertThatThrownBy(() -> storage.transactions().run(() -> storage.snapshot(target)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("inside a transaction");
    }
    assertThat(target).doesNotExist();
  }

  @Test
  void snapshotsTakenWhileWritersRunAreConsistent() throws Exception {
    try (SqliteIdentityStorage storage = SqliteIdentityStorage.open(directory.resolve("id.db"))) {
      AtomicBoolean stop = new AtomicBoolean();
      ExecutorService writers = Executors.newFixedThreadPool(3);
      List<Future<Integer>> written = new ArrayList<>();
      for (int w = 0; w < 3; w++) {
        String actor = "writer-" + w;
        written.add(
            writers.submit(
                () -> {
                  int n = 0;
                  while (!stop.get() && n < MAX_WRITES) {
                    // Each unit of work writes an event and a counter: a consistent copy has
                    // exactly as many events per writer as its counter says.
                    int next = n + 1;
                    storage
                        .transactions()
                        .run(
                            () -> {
                              storage
                                  .audit()
                                  .append(
                                      AuditEvent.of(
                                          T0,
                                          "write",
                                          actor,
                                          "",
                                          "",
                                          Map.of("n", Integer.toString(next))));
                              storage
                                  .settings()
                                  .put(
                                      actor,
                                      Integer.toString(next).getBytes(StandardCharsets.UTF_8));
                            });
                    n = next;
                  }
                  return n;
                }));
      }

      List<Path> snapshots = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        Thread.sleep(20);
        Path target = directory.resolve("snap-" + i + ".db");
        storage.snapshot(target);
        snapshots.add(target);
      }
      stop.set(true);
      writers.shutdown();
      assertThat(writers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
      for (Future<Integer> f : written) {
        assertThat(f.get()).isPositive();
      }

      for (Path snapshot : snapshots) {
        try (SqliteIdentityStorage copy = SqliteIdentityStorage.openWithoutMigrating(snapshot)) {
          assertThat(copy.integrityCheck()).isEqualTo("ok");
          List<AuditEvent> events = copy.audit().tail(3 * MAX_WRITES);
          // No gap in the ids: the copy is a prefix of the log, never a torn one.
          assertThat(events)
              .extracting(AuditEvent::id)
              .containsExactlyElementsOf(LongStream.rangeClosed(1, events.size()).boxed().toList());
          for (int w = 0; w < 3; w++) {
            String actor = "writer-" + w;
            long count = events.stream().filter(e -> e.actor().equals(actor)).count();
            long counter =
                copy.settings()
                    .get(actor)
                    .map(b -> Long.parseLong(new String(b, StandardCharsets.UTF_8)))
                    .orElse(0L);
            assertThat(count).as(actor).isEqualTo(counter);
          }
        }
      }
    }
  }
}
