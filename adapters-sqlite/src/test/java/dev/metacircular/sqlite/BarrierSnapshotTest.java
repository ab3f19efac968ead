package dev.metacircular.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.ports.audit.AuditEvent;
import dev.metacircular.ports.storage.StorageWrite;
import dev.metacircular.ports.storage.out.PhysicalStorage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups of the crypto database (DESIGN.md §5: snapshot = {@code VACUUM INTO}; restore = stop,
 * copy, start, unseal): a restored copy holds exactly the entries of the moment it was taken.
 */
class BarrierSnapshotTest {

  private static final Instant T0 = Instant.parse("2025-06-01T10:15:30.123Z");

  @TempDir Path directory;

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static Map<String, byte[]> contents(PhysicalStorage physical) {
    Map<String, byte[]> all = new LinkedHashMap<>();
    for (String key : physical.list("")) {
      all.put(key, physical.get(key).orElseThrow());
    }
    return all;
  }

  @Test
  void aRestoredSnapshotHoldsTheEntriesOfItsMomentAndNothingLater() throws Exception {
    Path live = directory.resolve("live/crypto.db");
    Path snapshot = directory.resolve("backup/crypto-snapshot.db");
    Files.createDirectories(snapshot.getParent());
    Map<String, byte[]> atSnapshot;
    AuditEvent event;
    try (SqliteCryptoStorage storage = SqliteCryptoStorage.open(live)) {
      PhysicalStorage physical = storage.physical();
      physical.put("core/seal-config", bytes("salt and parameters"));
      physical.put("core/keyring", new byte[] {0, 1, 2, (byte) 255});
      physical.apply(
          List.of(
              StorageWrite.put("logical/transit/keys/a", bytes("a")),
              StorageWrite.put("logical/transit/keys/b", new byte[0])));
      event = storage.audit().append(AuditEvent.of(T0, "init", "admin", "", "", Map.of()));
      atSnapshot = contents(physical);

      storage.snapshot(snapshot);

      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(snapshot)))
          .isEqualTo("rw-------");
      // The live database goes on after a snapshot; none of this may reach the copy.
      physical.put("logical/transit/keys/c", bytes("later"));
      physical.delete("logical/transit/keys/a");
      physical.put("core/keyring", bytes("rotated"));
    }

    // Restore: the service is stopped, the snapshot is copied into place, the service starts.
    Path restored = directory.resolve("restored/crypto.db");
    Files.createDirectories(restored.getParent());
    Files.copy(snapshot, restored);
    try (SqliteCryptoStorage storage = SqliteCryptoStorage.open(restored)) {
      assertThat(storage.integrityCheck()).isEqualTo("ok");
      assertThat(storage.schemaStatus().upToDate()).isTrue();
      Map<String, byte[]> now = contents(storage.physical());
      assertThat(now.keySet()).containsExactlyElementsOf(atSnapshot.keySet());
      for (Map.Entry<String, byte[]> e : atSnapshot.entrySet()) {
        assertThat(now.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
      }
      assertThat(storage.audit().tail(10)).containsExactly(event);
    }
  }

  @Test
  void snapshotsTakenWhileBatchesAreWrittenHoldOnlyWholeBatches() throws Exception {
    int snapshots = 3;
    int roundsBetweenSnapshots = 20;
    try (SqliteCryptoStorage storage = SqliteCryptoStorage.open(directory.resolve("c.db"))) {
      PhysicalStorage physical = storage.physical();
      List<CountDownLatch> reached = new ArrayList<>();
      for (int i = 0; i < snapshots; i++) {
        reached.add(new CountDownLatch(roundsBetweenSnapshots * (i + 1)));
      }
      AtomicBoolean stop = new AtomicBoolean();
      ExecutorService pool = Executors.newSingleThreadExecutor();
      Future<Integer> writer =
          pool.submit(
              () -> {
                // Each batch adds one entry and sets the counter: a consistent copy has exactly
                // as many entries as its counter says.
                int n = 0;
                while (!stop.get()) {
                  n++;
                  physical.apply(
                      List.of(
                          StorageWrite.put(entry(n), bytes("value " + n)),
                          StorageWrite.put("counter", bytes(Integer.toString(n)))));
                  reached.forEach(CountDownLatch::countDown);
                }
                return n;
              });

      List<Path> copies = new ArrayList<>();
      try {
        for (int i = 0; i < snapshots; i++) {
          assertThat(reached.get(i).await(120, TimeUnit.SECONDS)).isTrue();
          Path target = directory.resolve("snap-" + i + ".db");
          storage.snapshot(target);
          copies.add(target);
        }
      } finally {
        stop.set(true);
        pool.shutdown();
      }
      assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
      int written = writer.get();

      int previous = 0;
      for (Path copy : copies) {
        try (SqliteCryptoStorage restored = SqliteCryptoStorage.openWithoutMigrating(copy)) {
          assertThat(restored.integrityCheck()).isEqualTo("ok");
          int counter =
              Integer.parseInt(
                  new String(
                      restored.physical().get("counter").orElseThrow(), StandardCharsets.UTF_8));
          List<String> expected = new ArrayList<>();
          for (int n = 1; n <= counter; n++) {
            expected.add(entry(n));
          }
          assertThat(restored.physical().list("entries/")).containsExactlyElementsOf(expected);
          assertThat(counter).isGreaterThanOrEqualTo(previous).isLessThanOrEqualTo(written);
          previous = counter;
        }
      }
    }
  }

  private static String entry(int n) {
    return String.format("entries/%08d", n);
  }
}
