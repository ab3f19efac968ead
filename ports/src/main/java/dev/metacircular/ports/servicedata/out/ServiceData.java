package dev.metacircular.ports.servicedata.out;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * Outbound port: a service's data directory ({@code <service_root>/<service>/}) as one archive, the
 * unit a migration moves between nodes (seed 002, "Service snapshots"). The archive is a tar.zst of
 * the directory in which every SQLite database is a consistent copy ({@code VACUUM INTO}), while
 * the live {@code *.db}, {@code *.db-wal}, {@code *.db-shm} files and the {@code backups/}
 * directory are left out.
 *
 * <p>Failures: a directory that must not be overwritten is {@code DomainException.Conflict}, an
 * archive entry that would land outside the directory (absolute, {@code ..}), a link, a device or
 * an archive beyond the size limit is {@code DomainException.InvalidInput}; an I/O failure is an
 * {@link java.io.UncheckedIOException}. A failed {@link #receive} leaves nothing behind.
 */
public interface ServiceData {

  /**
   * Writes the archive of {@code directory} to {@code out} (which stays open). A directory that
   * does not exist gives an empty archive: a service without data migrates too.
   */
  void snapshot(Path directory, OutputStream out);

  /**
   * Extracts an archive into {@code directory}, refusing when it exists and is not empty (data is
   * never overwritten). The entries are written into a temporary sibling renamed into place at the
   * end, so a reader never sees a half-written directory.
   */
  void receive(Path directory, InputStream archive);

  /**
   * Removes {@code directory} and everything in it (a received copy that a failed migration leaves
   * unused); nothing happens when it does not exist.
   */
  void delete(Path directory);
}
