package dev.metacircular.apps.backup;

import dev.metacircular.apps.cli.CommandEnvironment;
import dev.metacircular.apps.cli.KeepsStdoutForOutput;
import dev.metacircular.sqlite.SqliteServiceFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mc backup}: a consistent snapshot of a service's database, safe while the service runs
 * ({@code VACUUM INTO}), checked ({@code PRAGMA integrity_check}), checksummed, and the old backups
 * pruned by {@link BackupRetention}.
 */
@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    description =
        "Back up a service's database while it runs: a timestamped, checked, checksummed snapshot;"
            + " older backups pruned (keep the last N, plus daily and weekly ones).")
public final class BackupCommand implements Callable<Integer>, KeepsStdoutForOutput {
  private final CommandEnvironment environment;
  private final Clock clock;

  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description = "The service's TOML configuration (mcias.toml or metacrypt.toml).")
  private Path config;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description = "Where backups go (default: backups/ beside the database).")
  private Path dir;

  @Option(
      names = "--keep-last",
      paramLabel = "N",
      defaultValue = "7",
      description = "Keep the newest N backups (default ${DEFAULT-VALUE}).")
  private int keepLast;

  @Option(
      names = "--keep-daily",
      paramLabel = "DAYS",
      defaultValue = "7",
      description =
          "Also keep the newest backup of each of the last DAYS days (default ${DEFAULT-VALUE}).")
  private int keepDaily;

  @Option(
      names = "--keep-weekly",
      paramLabel = "WEEKS",
      defaultValue = "4",
      description =
          "Also keep the newest backup of each of the last WEEKS weeks (default ${DEFAULT-VALUE}).")
  private int keepWeekly;

  public BackupCommand(CommandEnvironment environment) {
    this(environment, Clock.systemUTC());
  }

  BackupCommand(CommandEnvironment environment, Clock clock) {
    this.environment = environment;
    this.clock = clock;
  }

  @Override
  public Integer call() {
    BackupRetention retention = new BackupRetention(keepLast, keepDaily, keepWeekly);
    BackupTarget target = BackupTarget.of(config, environment.env());
    Path directory = (dir == null ? target.defaultDirectory() : dir).toAbsolutePath().normalize();
    createOwnerOnlyDirectory(directory);
    Instant now = clock.instant();
    Path backup = directory.resolve(BackupFiles.name(target.service(), now));
    try (SqliteServiceFile live = target.open().apply(target.database())) {
      live.snapshot(backup);
    }
    // The snapshot must open as the service's database and pass SQLite's own check before it
    // counts as a backup; a bad one is removed, and nothing older is pruned.
    try (SqliteServiceFile copy = target.open().apply(backup)) {
      String check = copy.integrityCheck();
      if (!"ok".equals(check)) {
        throw new IllegalStateException("the snapshot failed its integrity check: " + check);
      }
    } catch (RuntimeException e) {
      deleteQuietly(backup);
      throw e;
    } finally {
      deleteQuietly(backup.resolveSibling(backup.getFileName() + ".lock"));
    }
    String sha256 = BackupFiles.writeChecksum(backup);
    PrintWriter out = environment.terminal().out();
    out.println("backup written to " + backup + " (sha256 " + sha256 + ")");
    Map<Instant, Path> all = BackupFiles.list(directory, target.service());
    Set<Instant> kept = retention.keep(all.keySet(), now);
    for (Map.Entry<Instant, Path> e : all.entrySet()) {
      if (!kept.contains(e.getKey())) {
        deleteQuietly(e.getValue());
        deleteQuietly(BackupFiles.checksumFile(e.getValue()));
        out.println("removed " + e.getValue() + " (retention)");
      }
    }
    out.println(kept.size() + " backups kept in " + directory);
    out.flush();
    return 0;
  }

  private static void createOwnerOnlyDirectory(Path directory) {
    try {
      if (!Files.isDirectory(directory)) {
        Files.createDirectories(
            directory,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the backup directory " + directory, e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + file, e);
    }
  }
}
