package dev.metacircular.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.ports.storage.out.PhysicalStorage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN.md §8 "Durability" for the barrier, as {@link KillDurabilityTest} checks it for the
 * identity database: a child JVM applies batches and reports each acknowledged one; it is killed
 * with SIGKILL mid-stream. Every reported batch must be in the reopened, intact file, and no batch
 * may be there in part (each adds an entry and moves a counter together).
 */
class BarrierKillDurabilityTest {

  // Enough for the kill to land mid-stream; each acknowledgement is one fsync.
  private static final int ACKS_BEFORE_KILL = 50;

  @TempDir Path directory;

  @Test
  void acknowledgedBatchesSurviveKill9AndNoneIsHalfThere() throws Exception {
    Path db = directory.resolve("crypto.db");
    List<String> acked =
        KilledWriter.run(
            BarrierDurabilityWriter.class, db, directory.resolve("child.err"), ACKS_BEFORE_KILL);
    int lastAcked = Integer.parseInt(acked.get(acked.size() - 1));
    assertThat(lastAcked).isEqualTo(ACKS_BEFORE_KILL);

    try (SqliteCryptoStorage storage = SqliteCryptoStorage.open(db)) {
      assertThat(storage.integrityCheck()).isEqualTo("ok");
      PhysicalStorage physical = storage.physical();
      int counter =
          Integer.parseInt(
              new String(physical.get("counter").orElseThrow(), StandardCharsets.UTF_8));
      // The child may have committed more before the kill landed; none it reported was lost.
      assertThat(counter).isGreaterThanOrEqualTo(lastAcked);

      List<String> expected = new ArrayList<>();
      for (int n = 1; n <= counter; n++) {
        expected.add(BarrierDurabilityWriter.entry(n));
      }
      assertThat(physical.list("entries/")).containsExactlyElementsOf(expected);
      for (int n = 1; n <= counter; n++) {
        assertThat(physical.get(BarrierDurabilityWriter.entry(n)))
            .as("entry %d", n)
            .get()
            .isEqualTo(BarrierDurabilityWriter.value(n));
      }
    }
  }
}
