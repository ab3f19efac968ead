package dev.metacircular.apps.shell;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Set;
import org.jline.reader.impl.history.DefaultHistory;

/**
 * The shell's history, kept in a file only its owner can read (mode 0600 in a 0700 directory).
 * Lines that carry data rather than names — a plaintext to encrypt, a ciphertext, a token to
 * validate — are never recorded, and passwords never reach it at all (they are read outside the
 * line editor).
 */
final class ShellHistory extends DefaultHistory {

  /** Commands whose arguments may be secret or sensitive data. */
  static final Set<String> NOT_RECORDED =
      Set.of(
          "encrypt",
          "decrypt",
          "rewrap",
          "datakey",
          "sign",
          "verify",
          "hmac",
          "verify-hmac",
          "validate",
          "export-key",
          "send",
          "read");

  /**
   * Prepares {@code file} (and its directory) with owner-only permissions before JLine opens it.
   */
  static void prepare(Path file) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      if (dir != null && !Files.isDirectory(dir)) {
        Files.createDirectories(dir);
        setMode(dir, "rwx------");
      }
      if (!Files.exists(file)) {
        Files.createFile(file);
      }
      setMode(file, "rw-------");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the history file " + file, e);
    }
  }

  static void setMode(Path p, String mode) throws IOException {
    try {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: nothing to tighten
    }
  }

  @Override
  public void add(Instant time, String line) {
    if (recorded(line)) {
      super.add(time, line);
    }
  }

  /** Whether a command line may be written to the history. */
  static boolean recorded(String line) {
    for (String word : line.trim().split("\\s+")) {
      if (NOT_RECORDED.contains(word)) {
        return false;
      }
    }
    return true;
  }
}
