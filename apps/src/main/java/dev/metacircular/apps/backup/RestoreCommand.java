package dev.metacircular.apps.backup;

import dev.metacircular.apps.cli.CommandEnvironment;
import dev.metacircular.apps.cli.KeepsStdoutForOutput;
import dev.metacircular.ports.storage.SchemaStatus;
import dev.metacircular.sqlite.SqliteRestore;
import dev.metacircular.sqlite.SqliteServiceFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mc restore}: puts a backup in place of a stopped service's database. Before anything is
 * replaced, the backup's checksum is checked, and a private copy of it must open as this service's
 * database, pass {@code PRAGMA integrity_check}, and have a clean schema no newer than this release
 * (an older one is migrated by the service's next start, as any database is). The running service's
 * file is never overwritten; the replaced file is kept beside it.
 */
@Command(
    name = "restore",
    mixinStandardHelpOptions = true,
    description =
        "Restore a service's database from a backup (checksum and schema checked first; the"
            + " service must be stopped; the replaced file is kept).")
public final class RestoreCommand implements Callable<Integer>, KeepsStdoutForOutput {
  private final CommandEnvironment environment;
  private final Clock clock;

  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description = "The service's TOML configuration (mcias.toml or metacrypt.toml).")
  private Path config;

  @Parameters(paramLabel = "BACKUP", description = "The backup file (its .sha256 beside it).")
  private Path backup;

  public RestoreCommand(CommandEnvironment environment) {
    this(environment, Clock.systemUTC());
  }

  RestoreCommand(CommandEnvironment environment, Clock clock) {
    this.environment = environment;
    this.clock = clock;
  }

  @Override
  public Integer call() {
    BackupTarget target = BackupTarget.of(config, environment.env());
    if (!Files.isRegularFile(backup)) {
      throw new IllegalArgumentException("no backup file at " + backup);
    }
    String sha256 = BackupFiles.verifyChecksum(backup);
    String stamp = BackupFiles.STAMP.format(clock.instant());
    Path staged = SqliteRestore.stagingFile(target.database(), stamp);
    try {
      Files.copy(backup, staged);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy the backup beside " + target.database(), e);
    }
    Path aside;
    try {
      check(target, staged);
      SqliteRestore.removeStagingLeftovers(staged);
      aside = SqliteRestore.replace(target.database(), staged, stamp);
    } finally {
      SqliteRestore.removeStagingLeftovers(staged);
      try {
        Files.deleteIfExists(staged);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot remove " + staged, e);
      }
    }
    PrintWriter out = environment.terminal().out();
    out.println("restored " + target.database() + " from " + backup + " (sha256 " + sha256 + ")");
    if (aside != null) {
      out.println("the replaced database is kept at " + aside);
    }
    out.flush();
    return 0;
  }

  private static void check(BackupTarget target, Path staged) {
    try (SqliteServiceFile copy = target.open().apply(staged)) {
      String integrity = copy.integrityCheck();
      if (!"ok".equals(integrity)) {
        throw new IllegalArgumentException("the backup fails its integrity check: " + integrity);
      }
      SchemaStatus schema = copy.schemaStatus();
      if (schema.dirty()) {
        throw new IllegalArgumentException(
            "the backup's schema is marked dirty (a migration failed when it was taken)");
      }
      if (schema.currentVersion() == 0) {
        throw new IllegalArgumentException(
            "the backup holds no " + target.service() + " schema (an empty database)");
      }
      if (schema.currentVersion() > schema.latestVersion()) {
        throw new IllegalArgumentException(
            "the backup's schema (version "
                + schema.currentVersion()
                + ") is newer than this release knows ("
                + schema.latestVersion()
                + "): restore it with the release that wrote it");
      }
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (RuntimeException e) {
      // openWithoutMigrating's refusal of a file that is not this service's database, or SQLite's
      // of a file that is no database at all
      throw new IllegalArgumentException(
          "the backup is not a usable " + target.service() + " database: " + e.getMessage());
    }
  }
}
