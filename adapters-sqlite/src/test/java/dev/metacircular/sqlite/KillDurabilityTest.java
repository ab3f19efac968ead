package dev.metacircular.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.ports.audit.AuditEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN.md §8 "Durability": a write acknowledged to the caller survives {@code kill -9} of the
 * process, and the database stays intact. A child JVM writes and reports each acknowledged unit of
 * work; it is killed with SIGKILL mid-stream; every reported write must be in the reopened file.
 * (Power loss cannot be simulated here; that half of the invariant rests on {@code
 * synchronous=FULL}, which {@link SqliteIdentityStorageTest} checks is in force.)
 */
class KillDurabilityTest {

  private static final int ACKS_BEFORE_KILL = 200;

  @TempDir Path directory;

  @Test
  void acknowledgedWritesSurviveKill9() throws Exception {
    Path db = directory.resolve("identity.db");
    List<long[]> acked = new ArrayList<>();
    for (String ack :
        KilledWriter.run(
            DurabilityWriter.class, db, directory.resolve("child.err"), ACKS_BEFORE_KILL)) {
      String[] parts = ack.split(" ");
      acked.add(new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])});
    }

    try (SqliteIdentityStorage storage = SqliteIdentityStorage.open(db)) {
      assertThat(storage.integrityCheck()).isEqualTo("ok");
      long lastAcked = acked.get(acked.size() - 1)[0];
      long counter =
          Long.parseLong(
              new String(storage.settings().get("counter").orElseThrow(), StandardCharsets.UTF_8));
      // The child may have committed more before the kill landed; none it reported was lost.
      assertThat(counter).isGreaterThanOrEqualTo(lastAcked);

      List<AuditEvent> events = storage.audit().tail((int) counter);
      assertThat(events).hasSize((int) counter);
      for (long[] ack : acked) {
        AuditEvent e = events.get((int) ack[0] - 1);
        assertThat(e.id()).isEqualTo(ack[1]);
        assertThat(e.subject()).isEqualTo(Long.toString(ack[0]));
      }
    }
  }
}
