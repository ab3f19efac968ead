package dev.metacircular.sqlite;

import dev.metacircular.ports.audit.AuditEvent;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * The child process of {@link KillDurabilityTest}: writes units of work forever and reports each
 * one on stdout only after it was acknowledged (the call returned), until it is killed.
 */
final class DurabilityWriter {

  private DurabilityWriter() {}

  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    SqliteIdentityStorage storage = SqliteIdentityStorage.open(Path.of(args[0]));
    for (long i = 1; ; i++) {
      long n = i;
      AuditEvent stored =
          storage
              .transactions()
              .inTransaction(
                  () -> {
                    storage
                        .settings()
                        .put("counter", Long.toString(n).getBytes(StandardCharsets.UTF_8));
                    return storage
                        .audit()
                        .append(
                            AuditEvent.of(
                                Instant.now(),
                                "write",
                                "writer",
                                Long.toString(n),
                                "",
                                Map.of("n", Long.toString(n))));
                  });
      out.println("acked " + n + " " + stored.id());
    }
  }
}
