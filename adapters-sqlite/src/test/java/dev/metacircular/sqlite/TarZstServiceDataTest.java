package dev.metacircular.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.ZstdOutputStream;
import dev.metacircular.ports.error.DomainException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Service snapshots as tar.zst: consistent databases, exclusions, safe and atomic extraction. */
class TarZstServiceDataTest {

  @TempDir Path temp;
  final TarZstServiceData data = new TarZstServiceData();

  @Test
  void aLiveDatabaseInWalModeArrivesWithItsRowsAndLiveFilesAndBackupsStayBehind() throws Exception {
    Path source = Files.createDirectories(temp.resolve("a/web"));
    Files.writeString(source.resolve("config.toml"), "port = 1\n");
    Files.createDirectories(source.resolve("certs"));
    Files.writeString(source.resolve("certs/cert.pem"), "PEM");
    Files.createDirectories(source.resolve("backups"));
    Files.writeString(source.resolve("backups/old.db"), "an old backup");
    Files.writeString(source.resolve("stray.db-journal"), "journal");
    try (Connection holder =
            DriverManager.getConnection("jdbc:sqlite:" + source.resolve("app.db"));
        Statement s = holder.createStatement()) {
      s.execute("PRAGMA journal_mode=WAL");
      s.execute("PRAGMA wal_autocheckpoint=0");
      s.execute("CREATE TABLE notes (text TEXT)");
      s.execute("INSERT INTO notes VALUES ('kept across nodes')");
      // The rows are in the WAL, not yet in app.db, while this connection stays open.
      assertThat(source.resolve("app.db-wal")).exists();
      assertThat(Files.size(source.resolve("app.db-wal"))).isPositive();

      byte[] archive = snapshot(source);
      assertThat(names(archive))
          .containsExactly("app.db", "certs/", "certs/cert.pem", "config.toml");

      Path target = temp.resolve("b/web");
      data.receive(target, new ByteArrayInputStream(archive));
      assertThat(Files.readString(target.resolve("config.toml"))).isEqualTo("port = 1\n");
      assertThat(Files.readString(target.resolve("certs/cert.pem"))).isEqualTo("PEM");
      assertThat(target.resolve("backups")).doesNotExist();
      assertThat(target.resolve("app.db-wal")).doesNotExist();
      assertThat(target.resolve("app.db-shm")).doesNotExist();
      assertThat(target.resolve("stray.db-journal")).doesNotExist();
      assertThat(rows(target.resolve("app.db"))).containsExactly("kept across nodes");
    }
  }

  @Test
  void aMissingDirectoryIsAnEmptySnapshotAndArrivesAsAnEmptyDirectory() {
    byte[] archive = snapshot(temp.resolve("nothing"));
    Path target = temp.resolve("b/web");
    data.receive(target, new ByteArrayInputStream(archive));
    assertThat(target).isEmptyDirectory();
  }

  @Test
  void aDirectoryWithDataIsNeverOverwrittenAndAnEmptyOneIsFilled() throws IOException {
    Path source = Files.createDirectories(temp.resolve("a/web"));
    Files.writeString(source.resolve("f"), "new");
    byte[] archive = snapshot(source);
    Path target = Files.createDirectories(temp.resolve("b/web"));
    Files.writeString(target.resolve("f"), "old");
    assertThatThrownBy(() -> data.receive(target, new ByteArrayInputStream(archive)))
        .isInstanceOf(DomainException.Conflict.class)
        .hasMessageContaining(target.toString())
        .hasMessageContaining("never overwrites");
    assertThat(Files.readString(target.resolve("f"))).isEqualTo("old");

    Path empty = Files.createDirectories(temp.resolve("c/web"));
    data.receive(empty, new ByteArrayInputStream(archive));
    assertThat(Files.readString(empty.resolve("f"))).isEqualTo("new");
  }

  @Test
  void traversalLinksAndDevicesAreRefusedAndNothingIsLeft() throws IOException {
    for (TarArchiveEntry bad :
        List.of(
            file("../escape"),
            file("/etc/passwd"),
            file("a/../../escape"),
            new TarArchiveEntry("link", TarArchiveEntry.LF_SYMLINK),
            new TarArchiveEntry("hard", TarArchiveEntry.LF_LINK),
            new TarArchiveEntry("dev", TarArchiveEntry.LF_CHR))) {
      if (bad.isSymbolicLink() || bad.isLink()) {
        bad.setLinkName("/etc/passwd");
      }
      Path target = temp.resolve("b/web");
      byte[] archive = archive(file("fine.txt"), bad);
      assertThatThrownBy(() -> data.receive(target, new ByteArrayInputStream(archive)))
          .as(bad.getName())
          .isInstanceOf(DomainException.InvalidInput.class)
          .hasMessageContaining("refused");
      assertThat(target).doesNotExist();
      assertThat(temp.resolve("b")).isEmptyDirectory();
      assertThat(temp.resolve("escape")).doesNotExist();
    }
  }

  @Test
  void anArchiveBeyondTheSizeLimitIsRefused() throws IOException {
    Path source = Files.createDirectories(temp.resolve("a/web"));
    Files.write(source.resolve("big"), new byte[10_000]);
    byte[] archive = snapshot(source);
    Path target = temp.resolve("b/web");
    assertThatThrownBy(
            () -> new TarZstServiceData(5_000).receive(target, new ByteArrayInputStream(archive)))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessageContaining("more than 5000 bytes");
    assertThat(temp.resolve("b")).isEmptyDirectory();
  }

  @Test
  void aTransferThatBreaksHalfWayLeavesNothingHalfWritten() throws IOException {
    Path source = Files.createDirectories(temp.resolve("a/web"));
    byte[] noise = new byte[512 * 1024];
    new java.util.Random(7).nextBytes(noise);
    Files.write(source.resolve("one"), noise);
    Files.write(source.resolve("two"), noise);
    byte[] archive = snapshot(source);
    Path target = temp.resolve("b/web");
    InputStream broken =
        new InputStream() {
          int position;

          @Override
          public int read() throws IOException {
            if (position >= archive.length * 3 / 4) {
              throw new IOException("connection reset");
            }
            return archive[position++] & 0xff;
          }
        };
    assertThatThrownBy(() -> data.receive(target, broken))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("connection reset");
    assertThat(target).doesNotExist();
    assertThat(temp.resolve("b")).isEmptyDirectory();

    // Cut short without an error: the compressed frame is incomplete, which is a failure too.
    byte[] cut = java.util.Arrays.copyOf(archive, archive.length / 2);
    assertThatThrownBy(() -> data.receive(target, new ByteArrayInputStream(cut)))
        .isInstanceOf(RuntimeException.class);
    assertThat(temp.resolve("b")).isEmptyDirectory();
  }

  @Test
  void deleteRemovesTheTreeAndIgnoresWhatIsNotThere() throws IOException {
    Path dir = Files.createDirectories(temp.resolve("web/sub"));
    Files.writeString(dir.resolve("f"), "x");
    data.delete(temp.resolve("web"));
    assertThat(temp.resolve("web")).doesNotExist();
    data.delete(temp.resolve("web"));
  }

  // --- helpers ----------------------------------------------------------------------------------

  byte[] snapshot(Path directory) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    data.snapshot(directory, out);
    return out.toByteArray();
  }

  static List<String> names(byte[] archive) throws IOException {
    List<String> names = new ArrayList<>();
    try (var tar =
        new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(
            new com.github.luben.zstd.ZstdInputStream(new ByteArrayInputStream(archive)))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        names.add(e.getName());
      }
    }
    return names;
  }

  static List<String> rows(Path db) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT text FROM notes")) {
      while (r.next()) {
        rows.add(r.getString(1));
      }
    }
    return rows;
  }

  static TarArchiveEntry file(String name) {
    TarArchiveEntry e = new TarArchiveEntry(name, true);
    e.setSize(3);
    return e;
  }

  /** A hand-made archive (entries a snapshot would never write). */
  static byte[] archive(TarArchiveEntry... entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new ZstdOutputStream(bytes))) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (TarArchiveEntry e : entries) {
        tar.putArchiveEntry(e);
        if (e.isFile() && e.getSize() > 0) {
          tar.write("abc".getBytes(StandardCharsets.UTF_8));
        }
        tar.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }
}
