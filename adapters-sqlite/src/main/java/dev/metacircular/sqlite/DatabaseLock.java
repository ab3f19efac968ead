package dev.metacircular.sqlite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who has a database file open, across processes: every open handle holds a shared lock on the
 * file's {@code <db>.lock} beside it (an OS advisory lock, released by the kernel when the process
 * dies), and a restore takes the exclusive lock, which it gets only when no process has the
 * database open. That is how {@code mc restore} refuses to replace a running service's file.
 *
 * <p>The JVM allows one lock per file and process, so handles of one process share it: the lock is
 * taken by the first handle and released with the last.
 */
final class DatabaseLock implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DatabaseLock.class);

  /** Open lock files of this process, by database, with their number of holders. */
  private static final Map<Path, Held> HELD = new HashMap<>();

  private record Held(FileChannel channel, FileLock lock, int holders, boolean exclusive) {}

  private final Path database;
  private boolean released;

  private DatabaseLock(Path database) {
    this.database = database;
  }

  /** The lock file of {@code database}. */
  static Path lockFile(Path database) {
    return database.resolveSibling(database.getFileName() + ".lock");
  }

  /**
   * A shared hold on {@code database} for an open handle.
   *
   * @throws IllegalStateException while a restore replaces the file
   */
  static DatabaseLock shared(Path database) {
    return take(database, false);
  }

  /**
   * The exclusive hold a restore needs.
   *
   * @throws IllegalStateException when any process (this one included) has the database open
   */
  static DatabaseLock exclusive(Path database) {
    return take(database, true);
  }

  private static DatabaseLock take(Path database, boolean exclusive) {
    Path key = database.toAbsolutePath().normalize();
    synchronized (HELD) {
      Held held = HELD.get(key);
      if (held != null) {
        if (exclusive || held.exclusive()) {
          throw inUse(key, exclusive);
        }
        HELD.put(key, new Held(held.channel(), held.lock(), held.holders() + 1, false));
        return new DatabaseLock(key);
      }
      FileChannel channel = null;
      try {
        Path file = lockFile(key);
        OwnerOnlyFiles.createParentDirectories(file);
        channel =
            FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        OwnerOnlyFiles.restrictIfPresent(file);
        FileLock lock = channel.tryLock(0, Long.MAX_VALUE, !exclusive);
        if (lock == null) {
          channel.close();
          throw inUse(key, exclusive);
        }
        HELD.put(key, new Held(channel, lock, 1, exclusive));
        return new DatabaseLock(key);
      } catch (OverlappingFileLockException e) {
        closeQuietly(channel);
        throw inUse(key, exclusive);
      } catch (IOException e) {
        closeQuietly(channel);
        if (exclusive) {
          throw new UncheckedIOException("cannot lock " + lockFile(key), e);
        }
        // A database in a directory this process cannot write (a read-only mount) still opens;
        // nothing can restore over it from here either.
        log.warn("cannot create the lock file {}: {}", lockFile(key), e.toString());
        return new DatabaseLock(key);
      }
    }
  }

  private static IllegalStateException inUse(Path database, boolean exclusive) {
    return new IllegalStateException(
        exclusive
            ? "database " + database + " is open in a running service or tool; stop it first"
            : "database " + database + " is being restored; try again when the restore is done");
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // nothing held
      }
    }
  }

  /** Releases this hold; the last one of the process releases the OS lock. Idempotent. */
  @Override
  public void close() {
    synchronized (HELD) {
      if (released) {
        return;
      }
      released = true;
      Held held = HELD.get(database);
      if (held == null) {
        return;
      }
      if (held.holders() > 1) {
        HELD.put(database, new Held(held.channel(), held.lock(), held.holders() - 1, false));
        return;
      }
      HELD.remove(database);
      closeQuietly(held.channel()); // closing the channel releases its lock
    }
  }
}
