package dev.metacircular.podman;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A long-running {@code podman} command ({@code logs -f}, {@code events}) whose output lines are
 * handed to a consumer on a daemon thread until {@link #close} kills the process or it ends.
 */
final class LineStream implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LineStream.class);

  private final Process process;
  private final Thread reader;

  LineStream(ProcessBuilder builder, String name, Consumer<String> lines) throws IOException {
    builder.redirectErrorStream(true);
    this.process = builder.start();
    process.getOutputStream().close();
    this.reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  try {
                    lines.accept(line);
                  } catch (RuntimeException e) {
                    LOG.warn("{}: a line consumer failed: {}", name, e.toString());
                  }
                }
              } catch (IOException e) {
                // The process was killed by close(): the stream ends here.
              }
            },
            name);
    reader.setDaemon(true);
    reader.start();
  }

  /** Whether the command is still running. */
  boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(2, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      reader.join(2000);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
