package dev.metacircular.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The kill-9 harness of the durability tests: a child JVM runs a writer's {@code main(db)}, which
 * prints {@code acked <details>} after each acknowledged write; once {@code acks} have been
 * reported the child gets SIGKILL (no shutdown hook, no close, no checkpoint).
 */
final class KilledWriter {
  private KilledWriter() {}

  /** The details of each acknowledged write, in order; exactly {@code acks} of them. */
  static List<String> run(Class<?> writer, Path db, Path stderr, int acks)
      throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java, "-cp", System.getProperty("java.class.path"), writer.getName(), db.toString())
            .redirectError(stderr.toFile())
            .start();
    List<String> acked = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while (acked.size() < acks && (line = out.readLine()) != null) {
        if (line.startsWith("acked ")) {
          acked.add(line.substring("acked ".length()));
        }
      }
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(acked)
        .as("acknowledged writes before the kill; child stderr: %s", Files.readString(stderr))
        .hasSize(acks);
    return acked;
  }
}
