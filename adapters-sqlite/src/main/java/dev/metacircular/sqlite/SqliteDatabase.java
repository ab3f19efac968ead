package dev.metacircular.sqlite;

import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.health.out.ReadinessCheck;
import dev.metacircular.ports.storage.StorageProblem;
import dev.metacircular.ports.telemetry.out.Telemetry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * One SQLite database file behind one connection, shared by every store of that database.
 *
 * <p><b>Why one connection.</b> The identity and barrier stores are small and their hot paths
 * (token validation, barrier get) are single-row lookups. One long-lived connection turns each of
 * them into a prepared statement on an open file: microseconds, no pool, no connection setup per
 * call. SQLite serialises writers anyway, so a pool would buy no write throughput; and one
 * connection makes "every store call inside a unit of work joins it" trivial, because there is only
 * one transaction to join.
 *
 * <p><b>Why a lock.</b> A JDBC connection (and the JDBI handle over it) is not thread-safe. Every
 * use of the handle happens under {@link #lock}, which is reentrant so that a unit of work ({@link
 * #inTransaction}) holds it for its whole duration while the store calls it makes take it again on
 * the same thread. Other threads wait: they never see a half-done unit of work.
 *
 * <p><b>Prepared once.</b> The hot-path lookups ({@link #queryOne}: token validation reads a token
 * row and an account row on every call) run through JDBC statements prepared on first use and kept
 * for the life of the connection, read by column index. Building a JDBI statement per call (a
 * configuration copy, a statement context, {@code sqlite3_prepare}, a column-name map, {@code
 * sqlite3_finalize}) cost several times the lookup itself, and it was all done while holding {@link
 * #lock}, so every other request waited for it too. A kept statement is reset as soon as its row
 * has been read, so it never holds a read transaction open (which would hide other processes'
 * commits and block WAL checkpoints).
 *
 * <p><b>Durability.</b> {@code journal_mode=WAL} with {@code synchronous=FULL}: every commit is
 * fsync'ed in the write-ahead log before the call returns, so an acknowledged write survives {@code
 * kill -9} and power loss (with {@code NORMAL}, WAL would be only crash-safe, and the last commits
 * could vanish on power loss). {@code foreign_keys=ON} because SQLite leaves it off by default on
 * every new connection. {@code busy_timeout} lets a second process (the offline maintenance tool)
 * wait for the write lock instead of failing at once.
 */
final class SqliteDatabase implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SqliteDatabase.class);

  /** Where refused writes (storage full, read-only) are counted; nowhere until a server says. */
  private volatile Telemetry telemetry = Telemetry.NONE;

  static final int BUSY_TIMEOUT_MILLIS = 5_000;

  private final Path file;
  private final Handle handle;
  private final DatabaseLock hold;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, PreparedStatement> prepared = new HashMap<>(); // guarded by lock
  private boolean closed; // guarded by lock

  private SqliteDatabase(Path file, Handle handle, DatabaseLock hold) {
    this.file = file;
    this.handle = handle;
    this.hold = hold;
  }

  /**
   * Opens the database at {@code file}. With {@code create}, a missing file (and its missing parent
   * directories) is created owner-only first; without it, a missing file is an error and nothing is
   * created.
   */
  static SqliteDatabase open(Path file, boolean create) {
    Objects.requireNonNull(file, "file");
    Path absolute = file.toAbsolutePath().normalize();
    if (Files.isDirectory(absolute)) {
      throw new IllegalArgumentException("database path " + absolute + " is a directory");
    }
    if (!Files.exists(absolute)) {
      if (!create) {
        throw new IllegalArgumentException(
            "no database file at " + absolute + " (nothing was created; check the path)");
      }
      createOwnerOnly(absolute);
    } else {
      // A file restored with `cp` or created by another tool may be wider than 0600.
      OwnerOnlyFiles.tightenIfWider(absolute);
    }

    // Held while open, so a restore can tell that someone uses the file (DatabaseLock).
    DatabaseLock hold = DatabaseLock.shared(absolute);
    Handle handle;
    try {
      handle = Jdbi.create("jdbc:sqlite:" + absolute, connectionConfig().toProperties()).open();
    } catch (RuntimeException e) {
      hold.close();
      throw e;
    }
    SqliteDatabase db = new SqliteDatabase(absolute, handle, hold);
    try {
      db.checkSettings();
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
    // SQLite creates -wal and -shm with the main file's mode; this only repairs files left with a
    // wider mode by some other tool.
    OwnerOnlyFiles.restrictIfPresent(sidecar(absolute, "-wal"));
    OwnerOnlyFiles.restrictIfPresent(sidecar(absolute, "-shm"));
    log.info("opened database {}", absolute);
    return db;
  }

  private static SQLiteConfig connectionConfig() {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.enforceForeignKeys(true);
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    // BEGIN IMMEDIATE takes the write lock when a transaction starts. With the default (DEFERRED)
    // a transaction that reads first and writes later can fail with SQLITE_BUSY at once, without
    // waiting, if another process wrote in between; IMMEDIATE waits up to busy_timeout instead.
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    // The file is created by us (owner-only) or must already exist: SQLite never creates it, so
    // it can never create one with the process umask's mode.
    config.resetOpenMode(SQLiteOpenMode.CREATE);
    return config;
  }

  private static void createOwnerOnly(Path file) {
    try {
      OwnerOnlyFiles.createParentDirectories(file);
      OwnerOnlyFiles.createEmpty(file);
      log.info("created database file {} with mode 0600", file);
    } catch (FileAlreadyExistsException e) {
      // Another process created it between our check and our create: use theirs.
      log.debug("database file {} appeared while being created", file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create database file " + file, e);
    }
  }

  /**
   * Reads the settings back: a PRAGMA that SQLite cannot honour is ignored silently (WAL is refused
   * on some network file systems), and the durability invariant must not depend on silence.
   */
  private void checkSettings() {
    String journalMode = pragma("journal_mode");
    if (!"wal".equals(journalMode.toLowerCase(Locale.ROOT))) {
      throw new IllegalStateException(
          "database "
              + file
              + " cannot use write-ahead logging (journal_mode is "
              + journalMode
              + "); put it on a local file system");
    }
    requirePragma("synchronous", "2"); // FULL
    requirePragma("foreign_keys", "1");
    requirePragma("busy_timeout", Integer.toString(BUSY_TIMEOUT_MILLIS));
  }

  private void requirePragma(String name, String expected) {
    String actual = pragma(name);
    if (!expected.equals(actual)) {
      throw new IllegalStateException(
          "database " + file + ": PRAGMA " + name + " is " + actual + ", expected " + expected);
    }
  }

  /** The value of a PRAGMA that returns one row; {@code name} is a constant, never user input. */
  String pragma(String name) {
    return withHandle(h -> h.createQuery("PRAGMA " + name).mapTo(String.class).one());
  }

  Path file() {
    return file;
  }

  /** Runs {@code work} with the handle, under the lock, in the caller's transaction if any. */
  <T> T withHandle(Function<Handle, T> work) {
    lock.lock();
    try {
      ensureOpen();
      return work.apply(handle);
    } catch (RuntimeException e) {
      throw StorageRefusals.translate(e, telemetry);
    } finally {
      lock.unlock();
    }
  }

  /** Sets the parameters of a kept statement. */
  @FunctionalInterface
  interface Parameters {
    void bind(PreparedStatement statement) throws SQLException;
  }

  /** Reads the current row of a result set (by column index: no name lookup per row). */
  @FunctionalInterface
  interface RowReader<T> {
    T read(ResultSet row) throws SQLException;
  }

  /** An instant stored as epoch milliseconds in column {@code index}, or null. */
  static Instant instant(ResultSet row, int index) throws SQLException {
    long value = row.getLong(index);
    return row.wasNull() ? null : Instant.ofEpochMilli(value);
  }

  /** Like {@link #instant}, but null is a broken row. */
  static Instant requiredInstant(ResultSet row, int index) throws SQLException {
    Instant value = instant(row, index);
    if (value == null) {
      throw new SQLException("column " + index + " is unexpectedly null");
    }
    return value;
  }

  /**
   * Runs a query expected to answer at most one row, through a statement prepared once for this
   * connection, under the lock and in the caller's transaction if any. {@code sql} must be a
   * constant (it is the cache key). The statement is reset before this returns, whatever happens.
   */
  <T> Optional<T> queryOne(String sql, Parameters parameters, RowReader<T> reader) {
    lock.lock();
    try {
      ensureOpen();
      PreparedStatement statement = prepared(sql);
      try {
        statement.clearParameters();
        parameters.bind(statement);
        try (ResultSet rs = statement.executeQuery()) {
          if (!rs.next()) {
            return Optional.empty();
          }
          T value = reader.read(rs);
          if (rs.next()) {
            throw new IllegalStateException("database " + file + ": more than one row for " + sql);
          }
          return Optional.of(value);
        }
      } catch (SQLException e) {
        throw new IllegalStateException("database " + file + ": query failed: " + sql, e);
      }
    } finally {
      lock.unlock();
    }
  }

  private PreparedStatement prepared(String sql) {
    PreparedStatement statement = prepared.get(sql);
    if (statement == null) {
      try {
        statement = handle.getConnection().prepareStatement(sql);
      } catch (SQLException e) {
        throw new IllegalStateException("database " + file + ": cannot prepare " + sql, e);
      }
      prepared.put(sql, statement);
    }
    return statement;
  }

  /** How many statements are kept prepared (for tests). */
  int preparedCount() {
    lock.lock();
    try {
      return prepared.size();
    } finally {
      lock.unlock();
    }
  }

  /** Counts refused writes (storage full, read-only) in {@code telemetry} from now on. */
  void reportRefusalsTo(Telemetry telemetry) {
    this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
  }

  /**
   * Whether this file takes a write now: a table created in a transaction that is then rolled back,
   * so nothing stays. Empty when it does; otherwise {@code storage full}, {@code storage
   * read-only}, or {@code storage unavailable} (logged) for anything else.
   */
  Optional<String> writeProblem() {
    lock.lock();
    try {
      ensureOpen();
      Optional<StorageProblem> onDisk = diskProblem();
      if (onDisk.isPresent()) {
        return onDisk.map(StorageProblem::message);
      }
      probeWrite(handle.getConnection());
      return Optional.empty();
    } catch (SQLException | IOException | RuntimeException e) {
      Optional<StorageProblem> problem = StorageRefusals.problem(e);
      if (problem.isEmpty()) {
        log.warn("database {}: the readiness write probe failed", file, e);
      }
      return Optional.of(problem.map(StorageProblem::message).orElse("storage unavailable"));
    } finally {
      lock.unlock();
    }
  }

  /**
   * A new table in a transaction, always rolled back; plain JDBC, so JDBI's transaction state is
   * untouched. SQLite may already have rolled the transaction back itself (it does on some {@code
   * SQLITE_FULL} and {@code SQLITE_READONLY} errors), so a failing rollback is not the answer. Runs
   * only outside a transaction (the lock is held and every transaction is under it).
   */
  /** Below this much free space on the file's file system the store is reported full. */
  static final long MIN_FREE_BYTES = 1 << 20;

  /**
   * What the file system says: a read-only mount or a file this process may not write is {@code
   * storage read-only}; less than {@link #MIN_FREE_BYTES} free is {@code storage full}. (A
   * rolled-back probe alone would not see a full disk: its pages may never leave the cache.)
   */
  private Optional<StorageProblem> diskProblem() throws IOException {
    FileStore store = Files.getFileStore(file);
    if (store.isReadOnly() || !Files.isWritable(file)) {
      return Optional.of(StorageProblem.READ_ONLY);
    }
    if (store.getUsableSpace() < MIN_FREE_BYTES) {
      return Optional.of(StorageProblem.FULL);
    }
    return Optional.empty();
  }

  private static void probeWrite(Connection connection) throws SQLException {
    // BEGIN and ROLLBACK as statements on the autocommit connection: the driver's own transaction
    // state never changes, so a rollback SQLite already did cannot leave it confused.
    try (Statement statement = connection.createStatement()) {
      statement.execute("BEGIN IMMEDIATE");
      try {
        // A new table and 64 KiB in it need new pages: a file that has no room left for a
        // write of that size (its max_page_count, its quota) refuses them.
        statement.execute("CREATE TABLE readiness_probe (x)");
        statement.execute("INSERT INTO readiness_probe VALUES (zeroblob(65536))");
      } finally {
        try {
          statement.execute("ROLLBACK");
        } catch (SQLException alreadyRolledBack) {
          // nothing to undo
        }
      }
    }
  }

  /**
   * After {@code SQLITE_FULL} or {@code SQLITE_READONLY} SQLite may have rolled the transaction
   * back on its own; JDBI's rollback and the driver's return to autocommit then fail ("no
   * transaction is active") and leave the connection believing a transaction is open. An empty
   * transaction begun and committed brings the driver back to autocommit, so the next unit of work
   * (and closing) starts clean. Nothing of the failed work can be committed here: SQLite had no
   * transaction left, or it is rolled back first.
   */
  private void restoreAutoCommit() {
    try {
      Connection connection = handle.getConnection();
      if (connection.getAutoCommit()) {
        return;
      }
      try (Statement statement = connection.createStatement()) {
        try {
          statement.execute("ROLLBACK");
        } catch (SQLException alreadyRolledBack) {
          // SQLite rolled it back itself
        }
        statement.execute("BEGIN");
      }
      connection.setAutoCommit(true); // commits the empty transaction just begun
    } catch (SQLException e) {
      log.warn("database {}: could not return to autocommit after a refused write", file, e);
    }
  }

  /** This file's write probe as a readiness check named {@code name}. */
  ReadinessCheck writeCheck(String name) {
    return ReadinessCheck.of(name, this::writeProblem);
  }

  /**
   * Runs {@code work} atomically: in a new transaction, or in the transaction this thread already
   * has open (JDBI's {@code Handle.inTransaction} joins an open transaction instead of nesting).
   * Whatever {@code work} throws rolls the outermost transaction back and propagates unchanged.
   */
  <T> T inTransaction(Function<Handle, T> work) {
    lock.lock();
    try {
      ensureOpen();
      return handle.inTransaction(work::apply);
    } catch (RuntimeException e) {
      RuntimeException answer = StorageRefusals.translate(e, telemetry);
      // Only the outermost unit of work (holding the lock once) may touch the transaction.
      if (answer instanceof DomainException.StorageUnavailable && lock.getHoldCount() == 1) {
        restoreAutoCommit();
      }
      // A full or read-only file is the operator's to fix: 503 with its reason, not a 500.
      throw answer;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Writes a consistent copy of the database to {@code target} with {@code VACUUM INTO}. The copy
   * is one read transaction, so it is consistent even while other processes write; in this process,
   * writers wait for the lock. The target is created empty with mode 0600 before SQLite writes into
   * it, so the copy is never readable by others, not even for a moment.
   */
  void snapshot(Path target) {
    Objects.requireNonNull(target, "target");
    Path absolute = target.toAbsolutePath().normalize();
    Path directory = absolute.getParent();
    if (directory == null || !Files.isDirectory(directory)) {
      throw new IllegalArgumentException("snapshot directory " + directory + " does not exist");
    }
    lock.lock();
    try {
      ensureOpen();
      if (handle.isInTransaction()) {
        throw new IllegalStateException("a snapshot cannot be taken inside a transaction");
      }
      try {
        OwnerOnlyFiles.createEmpty(absolute);
      } catch (FileAlreadyExistsException e) {
        throw new IllegalArgumentException(
            "snapshot target " + absolute + " already exists; choose a new file name", e);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create snapshot file " + absolute, e);
      }
      boolean written = false;
      try {
        handle.execute("VACUUM INTO ?", absolute.toString());
        OwnerOnlyFiles.restrict(absolute);
        OwnerOnlyFiles.syncFileAndDirectory(absolute);
        written = true;
        log.info("wrote snapshot of {} to {}", file, absolute);
      } finally {
        if (!written) {
          deleteQuietly(absolute);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** The result of {@code PRAGMA integrity_check}: {@code ok}, or the problems, one a line. */
  String integrityCheck() {
    List<String> lines =
        withHandle(h -> h.createQuery("PRAGMA integrity_check").mapTo(String.class).list());
    return String.join("\n", lines);
  }

  boolean isOpen() {
    lock.lock();
    try {
      return !closed;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      for (PreparedStatement statement : prepared.values()) {
        try {
          statement.close();
        } catch (SQLException e) {
          log.debug("could not close a prepared statement of {}: {}", file, e.toString());
        }
      }
      prepared.clear();
      // Closing the last connection checkpoints the WAL into the main file and removes it.
      handle.close();
      hold.close();
      log.info("closed database {}", file);
    } finally {
      lock.unlock();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("database " + file + " is closed");
    }
  }

  private static Path sidecar(Path file, String suffix) {
    return file.resolveSibling(file.getFileName() + suffix);
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log.debug("could not remove incomplete snapshot {}: {}", file, e.toString());
    }
  }
}
