package dev.metacircular.sqlite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Puts a verified copy of a backup in place of a service's database, only when no process has the
 * database open (the exclusive {@link DatabaseLock}), and loses nothing: the replaced file and its
 * write-ahead log are moved aside, not deleted.
 */
public final class SqliteRestore {
  private SqliteRestore() {}

  /** Where a restore may stage its copy of a backup: beside {@code database}, hidden. */
  public static Path stagingFile(Path database, String stamp) {
    Path absolute = database.toAbsolutePath().normalize();
    return absolute.resolveSibling("." + absolute.getFileName() + ".restore-" + stamp);
  }

  /**
   * Replaces {@code database} with {@code replacement} (a checked copy in the same directory, from
   * {@link #stagingFile}); the current file, if any, and its {@code -wal} and {@code -shm} are
   * moved to {@code <database>.before-restore-<stamp>}.
   *
   * @return the path the replaced database was moved to, or null when there was none
   * @throws IllegalStateException when a process has the database open (a running service or tool);
   *     nothing is changed then
   */
  public static Path replace(Path database, Path replacement, String stamp) {
    Path target = database.toAbsolutePath().normalize();
    try (DatabaseLock exclusive = DatabaseLock.exclusive(target)) {
      Path aside = null;
      if (Files.exists(target)) {
        aside = target.resolveSibling(target.getFileName() + ".before-restore-" + stamp);
        Files.move(target, aside, StandardCopyOption.ATOMIC_MOVE);
        for (String suffix : new String[] {"-wal", "-shm"}) {
          Path sidecar = target.resolveSibling(target.getFileName() + suffix);
          if (Files.exists(sidecar)) {
            Files.move(
                sidecar,
                aside.resolveSibling(aside.getFileName() + suffix),
                StandardCopyOption.ATOMIC_MOVE);
          }
        }
      }
      try {
        Files.move(replacement, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        if (aside != null) {
          Files.move(aside, target, StandardCopyOption.ATOMIC_MOVE); // put the old one back
        }
        throw e;
      }
      OwnerOnlyFiles.restrict(target);
      OwnerOnlyFiles.syncFileAndDirectory(target);
      return aside;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot put the backup in place of " + target, e);
    }
  }

  /** Removes what opening a staged copy left beside it (its lock file). */
  public static void removeStagingLeftovers(Path staged) {
    try {
      Files.deleteIfExists(DatabaseLock.lockFile(staged.toAbsolutePath().normalize()));
      Files.deleteIfExists(staged.resolveSibling(staged.getFileName() + "-wal"));
      Files.deleteIfExists(staged.resolveSibling(staged.getFileName() + "-shm"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clean up beside " + staged, e);
    }
  }
}
