package dev.metacircular.apps.shell;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.EnumSet;
import org.jline.terminal.Attributes;
import org.jline.terminal.Attributes.InputFlag;
import org.jline.terminal.Attributes.LocalFlag;
import org.jline.terminal.Terminal;
import org.jline.utils.NonBlockingReader;

/**
 * Reads a password straight into a {@code char[]} with echo off: never through a {@code String},
 * never through the line editor (so it can reach neither the history nor the screen). Ctrl-C or
 * Ctrl-D on an empty entry cancels; Backspace and Ctrl-U edit.
 */
final class SecretPrompt {
  static final int MAX_CHARS = dev.metacircular.apps.cli.Terminal.MAX_PASSWORD_CHARS;

  private final Terminal terminal;

  SecretPrompt(Terminal terminal) {
    this.terminal = terminal;
  }

  /** One entry; the caller owns the array and wipes it. */
  char[] read(String prompt) {
    Attributes previous = terminal.getAttributes();
    Attributes quiet = new Attributes(previous);
    quiet.setLocalFlags(
        EnumSet.of(LocalFlag.ICANON, LocalFlag.ECHO, LocalFlag.ISIG, LocalFlag.IEXTEN), false);
    quiet.setInputFlags(EnumSet.of(InputFlag.ICRNL, InputFlag.INLCR, InputFlag.IXON), false);
    terminal.setAttributes(quiet);
    char[] buf = new char[MAX_CHARS + 1];
    int n = 0;
    try {
      terminal.writer().print(prompt + ": ");
      terminal.flush();
      NonBlockingReader reader = terminal.reader();
      while (true) {
        int c = reader.read();
        if (c == -1 || c == 3 || (c == 4 && n == 0)) {
          throw new Cancelled("cancelled");
        }
        if (c == '\r' || c == '\n') {
          break;
        }
        if (c == 127 || c == 8) {
          if (n > 0) {
            buf[--n] = '\0';
          }
          continue;
        }
        if (c == 21) {
          Arrays.fill(buf, '\0');
          n = 0;
          continue;
        }
        if (c < 32) {
          continue;
        }
        if (n == buf.length) {
          throw new IllegalArgumentException("longer than " + MAX_CHARS + " characters");
        }
        buf[n++] = (char) c;
      }
      return Arrays.copyOf(buf, n);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read from the terminal", e);
    } finally {
      Arrays.fill(buf, '\0');
      terminal.setAttributes(previous);
      terminal.writer().println();
      terminal.flush();
    }
  }

  /** A new password, entered twice; refused when the two differ. */
  char[] readNew(String prompt) {
    char[] first = read(prompt);
    char[] second = null;
    try {
      second = read("Repeat " + prompt.toLowerCase(java.util.Locale.ROOT));
      if (!Arrays.equals(first, second)) {
        throw new IllegalArgumentException("the two entries do not match");
      }
      return first;
    } catch (RuntimeException e) {
      Arrays.fill(first, '\0');
      throw e;
    } finally {
      if (second != null) {
        Arrays.fill(second, '\0');
      }
    }
  }
}
