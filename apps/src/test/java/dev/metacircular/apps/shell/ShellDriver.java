package dev.metacircular.apps.shell;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * Runs the real shell on a JLine dumb terminal over pipes, in a thread: the test types into one
 * pipe and reads the screen from the other, like an operator at a terminal (expect-style).
 */
final class ShellDriver implements AutoCloseable {
  private final PipedOutputStream keyboard = new PipedOutputStream();
  private final Screen screen = new Screen();
  private final Terminal terminal;
  private final Connection connection;
  private final Thread thread;
  private volatile int exitCode = -1;
  private int mark;

  /** Everything the shell wrote, kept for assertions. */
  static final class Screen extends OutputStream {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    @Override
    public synchronized void write(int b) {
      bytes.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      bytes.write(b, off, len);
    }

    synchronized String text() {
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }

  ShellDriver(Connection connection, Path history) {
    this.connection = connection;
    try {
      PipedInputStream in = new PipedInputStream(keyboard, 64 * 1024);
      terminal =
          TerminalBuilder.builder()
              .system(false)
              .type(Terminal.TYPE_DUMB)
              .streams(in, screen)
              .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Shell shell = new Shell(connection, terminal, history, Map.of());
    thread = new Thread(() -> exitCode = shell.run(), "shell-under-test");
    thread.setDaemon(true);
    thread.start();
  }

  /** Types {@code keys} (a line needs its own "\n"). */
  ShellDriver type(String keys) {
    try {
      keyboard.write(keys.getBytes(StandardCharsets.UTF_8));
      keyboard.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  ShellDriver line(String line) {
    return type(line + "\n");
  }

  /**
   * Waits until the screen shows {@code expected} after what earlier calls consumed, and answers
   * the screen from the last mark up to and including it.
   */
  String expect(String expected) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      String all = screen.text();
      int at = all.indexOf(expected, mark);
      if (at >= 0) {
        String seen = all.substring(mark, at + expected.length());
        mark = at + expected.length();
        return seen;
      }
      sleep();
    }
    throw new AssertionError(
        "the shell never showed '"
            + expected
            + "'; screen since mark:\n"
            + screen.text().substring(mark));
  }

  /** The whole screen so far. */
  String screen() {
    return screen.text();
  }

  int awaitExit() throws InterruptedException {
    thread.join(Duration.ofSeconds(30).toMillis());
    return exitCode;
  }

  private static void sleep() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() throws IOException {
    keyboard.close();
    terminal.close();
    // As `mc shell` does at exit: a gRPC connection's channels are shut down.
    connection.close();
  }
}
