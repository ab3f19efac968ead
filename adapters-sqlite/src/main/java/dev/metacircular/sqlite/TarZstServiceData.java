package dev.metacircular.sqlite;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.servicedata.out.ServiceData;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Service data directories as tar.zst archives (seed 002's "Service snapshots"): every SQLite
 * database ({@code *.db}) is copied with {@code VACUUM INTO} (one read transaction, so the copy is
 * consistent while the service, or its WAL, still holds the live file) and archived under its own
 * name; the live {@code *.db-wal}, {@code *.db-shm} and {@code *-journal} files, the {@code
 * backups/} directory and symbolic links are left out. Extraction refuses anything that could land
 * outside the directory or is not a plain file or directory, bounds the archive's size, and writes
 * into a temporary sibling renamed into place at the end.
 *
 * <p>SQLite is why this lives here: {@code VACUUM INTO} needs the driver this module owns.
 */
public final class TarZstServiceData implements ServiceData {

  /** The default bound on what one archive may unpack to. */
  public static final long DEFAULT_MAX_BYTES = 64L << 30;

  private static final String BACKUPS = "backups";
  private static final int ZSTD_LEVEL = 3;
  private static final int BUFFER = 64 * 1024;

  private final long maxBytes;

  public TarZstServiceData() {
    this(DEFAULT_MAX_BYTES);
  }

  /** With a bound on the total size of the files an archive may unpack to. */
  public TarZstServiceData(long maxBytes) {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes must be positive");
    }
    this.maxBytes = maxBytes;
  }

  // --- snapshot ---------------------------------------------------------------------------------

  @Override
  public void snapshot(Path directory, OutputStream out) {
    Path root = directory.toAbsolutePath().normalize();
    Path scratch = null;
    try {
      scratch = Files.createTempDirectory("mcp-snapshot-");
      ZstdOutputStream zstd = new ZstdOutputStream(new KeepOpen(out), ZSTD_LEVEL);
      try (TarArchiveOutputStream tar = new TarArchiveOutputStream(zstd)) {
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        if (Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
          for (Path path : entries(root)) {
            add(tar, root, path, scratch);
          }
        }
        tar.finish();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (scratch != null) {
        deleteTree(scratch);
      }
    }
  }

  /** Whether a file is left out of snapshots (relative name, {@code /}-separated). */
  static boolean excluded(String relative, boolean isDirectory) {
    if (relative.equals(BACKUPS) || relative.startsWith(BACKUPS + "/")) {
      return true;
    }
    if (isDirectory) {
      return false;
    }
    String name = relative.substring(relative.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    return name.endsWith("-wal") || name.endsWith("-shm") || name.endsWith("-journal");
  }

  private static boolean isDatabase(String relative) {
    return relative.toLowerCase(Locale.ROOT).endsWith(".db");
  }

  private static List<Path> entries(Path root) throws IOException {
    List<Path> found = new ArrayList<>();
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            if (dir.equals(root)) {
              return FileVisitResult.CONTINUE;
            }
            if (excluded(relative(root, dir), true)) {
              return FileVisitResult.SKIP_SUBTREE;
            }
            found.add(dir);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            // Links, sockets and devices are not data a service carries to another node.
            if (attrs.isRegularFile() && !excluded(relative(root, file), false)) {
              found.add(file);
            }
            return FileVisitResult.CONTINUE;
          }
        });
    found.sort(null);
    return found;
  }

  private static void add(TarArchiveOutputStream tar, Path root, Path path, Path scratch)
      throws IOException {
    String name = relative(root, path);
    if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      TarArchiveEntry entry = new TarArchiveEntry(name + "/");
      entry.setMode(TarArchiveEntry.DEFAULT_DIR_MODE & ~0777 | mode(path, 0755));
      entry.setModTime(Files.getLastModifiedTime(path));
      tar.putArchiveEntry(entry);
      tar.closeArchiveEntry();
      return;
    }
    Path source = path;
    if (isDatabase(name)) {
      source = scratch.resolve(UUID.randomUUID() + ".db");
      vacuumInto(path, source);
    }
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(Files.size(source));
    entry.setMode(TarArchiveEntry.DEFAULT_FILE_MODE & ~0777 | mode(path, 0644));
    entry.setModTime(Files.getLastModifiedTime(path));
    tar.putArchiveEntry(entry);
    try (InputStream in = Files.newInputStream(source)) {
      in.transferTo(tar);
    }
    tar.closeArchiveEntry();
    if (source != path) {
      Files.delete(source);
    }
  }

  /** A consistent copy of a live database: one read transaction, whatever its WAL holds. */
  static void vacuumInto(Path database, Path copy) throws IOException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database.toAbsolutePath());
        Statement s = c.createStatement()) {
      s.setQueryTimeout(60);
      s.execute("PRAGMA busy_timeout = 30000");
      s.execute("VACUUM INTO '" + copy.toAbsolutePath().toString().replace("'", "''") + "'");
    } catch (SQLException e) {
      throw new IOException("cannot copy the SQLite database " + database + ": " + e.getMessage());
    }
  }

  private static int mode(Path path, int fallback) {
    try {
      int mode = 0;
      for (PosixFilePermission p : Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS)) {
        mode |= 1 << (8 - p.ordinal());
      }
      return mode;
    } catch (UnsupportedOperationException | IOException e) {
      return fallback;
    }
  }

  private static String relative(Path root, Path path) {
    return root.relativize(path).toString().replace('\\', '/');
  }

  // --- receive ----------------------------------------------------------------------------------

  @Override
  public void receive(Path directory, InputStream archive) {
    Path target = directory.toAbsolutePath().normalize();
    if (!isEmptyOrAbsent(target)) {
      throw new DomainException.Conflict(
          target + " exists and is not empty: a received snapshot never overwrites data");
    }
    Path parent = target.getParent();
    Path staging = parent.resolve("." + target.getFileName() + ".receiving-" + UUID.randomUUID());
    boolean done = false;
    try {
      Files.createDirectories(parent);
      Files.createDirectory(staging);
      extract(archive, staging);
      if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
        Files.delete(target);
      }
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      done = true;
    } catch (DirectoryNotEmptyException e) {
      throw new DomainException.Conflict(
          target
              + " was filled while the snapshot arrived: a received snapshot never overwrites"
              + " data");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (!done) {
        deleteTree(staging);
      }
    }
  }

  private void extract(InputStream archive, Path staging) throws IOException {
    ZstdInputStream zstd = new ZstdInputStream(archive);
    TarArchiveInputStream tar = new TarArchiveInputStream(zstd);
    long total = 0;
    byte[] buffer = new byte[BUFFER];
    TarArchiveEntry entry;
    while ((entry = tar.getNextEntry()) != null) {
      Path destination = checkedPath(staging, entry);
      if (entry.isDirectory()) {
        Files.createDirectories(destination);
        permissions(destination, entry.getMode());
        continue;
      }
      Files.createDirectories(destination.getParent());
      try (OutputStream file = Files.newOutputStream(destination)) {
        int n;
        while ((n = tar.read(buffer)) > 0) {
          total += n;
          if (total > maxBytes) {
            throw new DomainException.InvalidInput(
                "the snapshot unpacks to more than " + maxBytes + " bytes; refused");
          }
          file.write(buffer, 0, n);
        }
      }
      permissions(destination, entry.getMode());
    }
    // The compressed frame must end too: an archive cut short is a failed transfer, not data.
    while (zstd.read(buffer) >= 0) {
      // Drains what follows the tar's end marker (padding).
    }
  }

  /**
   * Where an entry lands, or a refusal: only plain files and directories, only relative names
   * without {@code ..} that stay inside the staging directory.
   */
  static Path checkedPath(Path staging, TarArchiveEntry entry) {
    String name = entry.getName();
    if (entry.isSymbolicLink()
        || entry.isLink()
        || entry.isCharacterDevice()
        || entry.isBlockDevice()
        || entry.isFIFO()
        || !(entry.isFile() || entry.isDirectory())) {
      throw new DomainException.InvalidInput(
          "snapshot entry " + printable(name) + " is not a plain file or directory; refused");
    }
    return checkedName(staging, name);
  }

  /** The path of a relative entry name inside {@code staging}, or a refusal. */
  static Path checkedName(Path staging, String name) {
    String trimmed = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    boolean bad =
        trimmed.isEmpty()
            || trimmed.startsWith("/")
            || trimmed.indexOf('\0') >= 0
            || trimmed.indexOf('\\') >= 0
            || (trimmed.length() > 1 && trimmed.charAt(1) == ':');
    if (!bad) {
      for (String part : trimmed.split("/", -1)) {
        if (part.isEmpty() || part.equals(".") || part.equals("..")) {
          bad = true;
          break;
        }
      }
    }
    if (!bad) {
      Path resolved = staging.resolve(trimmed).normalize();
      if (resolved.startsWith(staging) && !resolved.equals(staging)) {
        return resolved;
      }
    }
    throw new DomainException.InvalidInput(
        "snapshot entry "
            + printable(name)
            + " is not a relative path inside the service's directory; refused");
  }

  private static String printable(String name) {
    StringBuilder b = new StringBuilder();
    name.codePoints().limit(200).forEach(c -> b.append(Character.isISOControl(c) ? '?' : (char) c));
    return "'" + b + "'";
  }

  private static void permissions(Path path, int mode) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] all = PosixFilePermission.values();
    for (int i = 0; i < all.length; i++) {
      if ((mode & (1 << (8 - i))) != 0) {
        set.add(all[i]);
      }
    }
    // The owner always keeps access to what it received (set-id bits are never restored).
    set.add(PosixFilePermission.OWNER_READ);
    set.add(PosixFilePermission.OWNER_WRITE);
    if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      set.add(PosixFilePermission.OWNER_EXECUTE);
    }
    try {
      Files.setPosixFilePermissions(path, set);
    } catch (UnsupportedOperationException | IOException e) {
      // A file system without POSIX modes keeps its defaults.
    }
  }

  private static boolean isEmptyOrAbsent(Path directory) {
    if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
      return true;
    }
    if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    try (var children = Files.list(directory)) {
      return children.findAny().isEmpty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // --- delete -----------------------------------------------------------------------------------

  @Override
  public void delete(Path directory) {
    Path target = directory.toAbsolutePath().normalize();
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      try {
        removeTree(target);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static void deleteTree(Path root) {
    try {
      removeTree(root);
    } catch (IOException e) {
      // Best effort: a temporary directory left behind is not data.
    }
  }

  private static void removeTree(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.deleteIfExists(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (e instanceof NoSuchFileException) {
              return FileVisitResult.CONTINUE;
            }
            throw e;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            Files.deleteIfExists(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  /** Lets the archive's compressor finish its frame without closing the caller's stream. */
  private static final class KeepOpen extends FilterOutputStream {
    KeepOpen(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }
}
