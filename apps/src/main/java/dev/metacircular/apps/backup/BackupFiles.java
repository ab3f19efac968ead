package dev.metacircular.apps.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The backups of one service in one directory: {@code <service>-<yyyyMMdd'T'HHmmss.SSS'Z'>.db},
 * each with {@code <file>.sha256} beside it in {@code sha256sum}'s format ({@code <hex> <name>}),
 * so {@code sha256sum -c} checks them too.
 */
final class BackupFiles {
  static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

  private static final Pattern NAME =
      Pattern.compile("([a-z][a-z-]*)-(\\d{8}T\\d{6}\\.\\d{3}Z)\\.db");

  private BackupFiles() {}

  /** The file name of {@code service}'s backup taken at {@code at}. */
  static String name(String service, Instant at) {
    return service + "-" + STAMP.format(at) + ".db";
  }

  /** The checksum file of {@code backup}. */
  static Path checksumFile(Path backup) {
    return backup.resolveSibling(backup.getFileName() + ".sha256");
  }

  /** When a backup file of {@code service} named {@code name} was taken, if it is one. */
  static Optional<Instant> takenAt(String service, String name) {
    Matcher m = NAME.matcher(name);
    if (!m.matches() || !m.group(1).equals(service)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.from(STAMP.parse(m.group(2))));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** {@code service}'s backups in {@code dir}, by the time they were taken. */
  static Map<Instant, Path> list(Path dir, String service) {
    Map<Instant, Path> out = new TreeMap<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, service + "-*.db")) {
      for (Path file : files) {
        takenAt(service, file.getFileName().toString()).ifPresent(at -> out.put(at, file));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    return out;
  }

  /** The SHA-256 of {@code file}, in lower-case hex. */
  static String sha256(Path file) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** Writes {@code backup}'s checksum file; answers the checksum. */
  static String writeChecksum(Path backup) {
    String hex = sha256(backup);
    try {
      Files.writeString(
          checksumFile(backup), hex + "  " + backup.getFileName() + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + checksumFile(backup), e);
    }
    return hex;
  }

  /**
   * Checks {@code backup} against its checksum file.
   *
   * @throws IllegalArgumentException naming what is wrong: no checksum file, an unreadable one, a
   *     mismatch
   */
  static String verifyChecksum(Path backup) {
    Path sums = checksumFile(backup);
    if (!Files.isRegularFile(sums)) {
      throw new IllegalArgumentException(
          "no checksum file " + sums + " beside the backup: refusing to restore an unchecked file");
    }
    String line;
    try {
      line = Files.readString(sums, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + sums, e);
    }
    String expected = line.split("\\s+", 2)[0].toLowerCase(java.util.Locale.ROOT);
    if (!expected.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException(sums + " does not hold a SHA-256 checksum");
    }
    String actual = sha256(backup);
    if (!MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.US_ASCII), actual.getBytes(StandardCharsets.US_ASCII))) {
      throw new IllegalArgumentException(
          "checksum mismatch: " + backup + " is " + actual + ", " + sums + " says " + expected);
    }
    return actual;
  }
}
