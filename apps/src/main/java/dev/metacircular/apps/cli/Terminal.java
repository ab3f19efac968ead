package dev.metacircular.apps.cli;

import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Where a command prints and reads. Commands never touch {@code System.out}/{@code System.in}
 * directly, so tests run them in-process with captured streams.
 *
 * <p>Passwords: on a console they are prompted without echo (twice, and must match); otherwise
 * exactly one line is read from standard input, so scripts can pipe one in. There is never a
 * password flag: a flag would land in shell history and in {@code ps}.
 */
public final class Terminal {
  /** Longest password line read from a pipe; longer input is refused, not truncated. */
  public static final int MAX_PASSWORD_CHARS = 1024;

  private final PrintWriter out;
  private final PrintWriter err;
  private final InputStream in;
  private final Console console;

  /**
   * @param console the interactive console, or null when standard input is not a terminal
   */
  public Terminal(PrintWriter out, PrintWriter err, InputStream in, Console console) {
    this.out = Objects.requireNonNull(out, "out");
    this.err = Objects.requireNonNull(err, "err");
    this.in = Objects.requireNonNull(in, "in");
    this.console = console;
  }

  /** The process's own streams. */
  public static Terminal system() {
    return new Terminal(
        new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true),
        new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true),
        System.in,
        System.console());
  }

  public PrintWriter out() {
    return out;
  }

  public PrintWriter err() {
    return err;
  }

  /** Standard input (the admin shell reads its lines from it when it is not a console). */
  public InputStream in() {
    return in;
  }

  /** Whether standard input and output are an interactive console. */
  public boolean interactive() {
    return console != null;
  }

  /**
   * Reads a new password: prompted twice without echo on a console, or one line from standard
   * input. The caller owns the array and wipes it.
   */
  public char[] readNewPassword(String prompt) {
    if (console != null) {
      char[] first = console.readPassword("%s: ", prompt);
      if (first == null) {
        throw new IllegalStateException("no password entered");
      }
      char[] second =
          console.readPassword("Repeat %s: ", prompt.toLowerCase(java.util.Locale.ROOT));
      try {
        if (second == null || !Arrays.equals(first, second)) {
          Arrays.fill(first, '\0');
          throw new IllegalStateException("passwords do not match");
        }
        return first;
      } finally {
        if (second != null) {
          Arrays.fill(second, '\0');
        }
      }
    }
    return readLine();
  }

  /**
   * Reads an existing password: prompted once without echo on a console, or one line from standard
   * input. The caller owns the array and wipes it.
   */
  public char[] readPassword(String prompt) {
    if (console != null) {
      char[] password = console.readPassword("%s: ", prompt);
      if (password == null) {
        throw new IllegalStateException("no password entered");
      }
      return password;
    }
    return readLine();
  }

  /** One line of standard input (without its line end), read without buffering past it. */
  private char[] readLine() {
    char[] buf = new char[MAX_PASSWORD_CHARS + 2];
    int n = 0;
    try {
      // One byte at a time through a decoder of our own: a buffered reader would swallow input
      // that belongs to whoever reads standard input next.
      Reader reader = new InputStreamReader(new OneByteAtATime(in), StandardCharsets.UTF_8);
      int c;
      while ((c = reader.read()) != -1 && c != '\n') {
        if (n == buf.length) {
          throw new IllegalStateException(
              "password is longer than " + MAX_PASSWORD_CHARS + " characters");
        }
        buf[n++] = (char) c;
      }
      if (c == -1 && n == 0) {
        throw new IllegalStateException("no password on standard input");
      }
      if (n > 0 && buf[n - 1] == '\r') {
        n--;
      }
      return Arrays.copyOf(buf, n);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the password from standard input", e);
    } finally {
      Arrays.fill(buf, '\0');
    }
  }

  /** Hides {@code available()} so the decoder never reads ahead of the line it needs. */
  private static final class OneByteAtATime extends InputStream {
    private final InputStream in;

    OneByteAtATime(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      int c = in.read();
      if (c == -1) {
        return -1;
      }
      b[off] = (byte) c;
      return 1;
    }
  }
}
