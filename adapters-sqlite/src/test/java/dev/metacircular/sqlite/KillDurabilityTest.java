package dev.metacircular.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.ports.audit.AuditEvent;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN.md §8 "Durability": a write acknowledged to the caller survives {@code kill -9} of the
 * process, and the database stays intact. A child JVM writes and reports each acknowledged unit of
 * work; it is killed with SIGKILL mid-stream; every reported write must be in the reopened file.
 * (Power loss cannot be simulated here; that half of the invariant rests on
 * {@code synchronous=FULL}, which {@link SqliteIdentityStorageTest} checks is in force.)
 */
class KillDurabilityTest {

  private static final int ACKS_BEFORE_KILL = 200;

  @TempDir Path directory;

  @Test
  void acknowledgedWritesSurviveKill9() throws Exception {
    Path db = directory.resolve("identity.db");
    Path stderr = directory.resolve("child.err");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                DurabilityWriter.class.getName(),
                db.toString())
            .redirectError(stderr.toFile())
            .start();

    List<long[]> acked = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while (acked.size() < ACKS_BEFORE_KILL && (line = out.readLine()) != null) {
        if (line.startsWith("acked ")) {
          String[] parts = line.split(" ");
          acked.add(new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[2])});
        }
      }
      // SIGKILL: no shutdown hook, no close, no checkpoint.
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(acked)
        .as("acknowledged writes before the kill; child stderr: %s", Files.readString(stderr))
        .hasSize(ACKS_BEFORE_KILL);

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
