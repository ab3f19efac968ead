package dev.metacircular.sqlite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Database files are readable by their owner only (mode 0600, DESIGN.md §5): they hold password
 * hashes, sealed secrets and the audit trail.
 */
final class OwnerOnlyFiles {

  private static final Logger log = LoggerFactory.getLogger(OwnerOnlyFiles.class);

  static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
  static final Set<PosixFilePermission> DIRECTORY_MODE =
      PosixFilePermissions.fromString("rwx------");

  private OwnerOnlyFiles() {}

  /**
   * Creates an empty file with mode 0600, atomically refusing one that exists (a dangling symlink
   * included). The mode is part of the create call, so there is no moment at which the file is
   * readable by others, whatever the umask.
   *
   * @throws FileAlreadyExistsException when something is already at {@code file}
   */
  static void createEmpty(Path file) throws IOException {
    if (isPosix(file)) {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE_MODE));
    } else {
      Files.createFile(file);
    }
  }

  /** Creates missing parent directories, owner-only (0700) when they are new. */
  static void createParentDirectories(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent == null || Files.isDirectory(parent)) {
      return;
    }
    FileAttribute<?>[] attributes =
        isPosix(parent)
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(DIRECTORY_MODE)}
            : new FileAttribute<?>[0];
    Files.createDirectories(parent, attributes);
  }

  /** Sets mode 0600 on a file if it exists; failures are logged, not thrown. */
  static void restrictIfPresent(Path file) {
    try {
      if (Files.exists(file) && isPosix(file)) {
        Files.setPosixFilePermissions(file, FILE_MODE);
      }
    } catch (IOException | UnsupportedOperationException e) {
      // Best effort: SQLite already creates -wal and -shm files with the main file's mode.
      log.debug("could not set mode 0600 on {}: {}", file, e.toString());
    }
  }

  /**
   * Removes every group and other permission from an existing file (0644 becomes 0600; the owner's
   * own bits are left as they are).
   */
  static void tightenIfWider(Path file) {
    try {
      if (!isPosix(file)) {
        return;
      }
      Set<PosixFilePermission> current = Files.getPosixFilePermissions(file);
      Set<PosixFilePermission> ownerOnly = EnumSet.noneOf(PosixFilePermission.class);
      for (PosixFilePermission p : current) {
        if (p.name().startsWith("OWNER_")) {
          ownerOnly.add(p);
        }
      }
      if (!ownerOnly.equals(current)) {
        Files.setPosixFilePermissions(file, ownerOnly);
        log.info(
            "removed group and other permissions from {} (now {})",
            file,
            PosixFilePermissions.toString(ownerOnly));
      }
    } catch (IOException | UnsupportedOperationException e) {
      log.info("could not set mode 0600 on {}: {}", file, e.toString());
    }
  }

  /** Sets mode 0600 on a file, failing when that is impossible. */
  static void restrict(Path file) {
    try {
      if (isPosix(file)) {
        Files.setPosixFilePermissions(file, FILE_MODE);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot set mode 0600 on " + file, e);
    }
  }

  /**
   * Forces a file's content and its directory entry to stable storage, so that a snapshot which was
   * reported as written survives a power loss.
   */
  static void syncFileAndDirectory(Path file) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot sync " + file, e);
    }
    Path directory = file.toAbsolutePath().getParent();
    if (directory != null) {
      try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
        channel.force(true);
      } catch (IOException e) {
        // Some platforms cannot open a directory for syncing; the file itself is synced.
        log.debug("could not sync directory {}: {}", directory, e.toString());
      }
    }
  }

  static boolean isPosix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
