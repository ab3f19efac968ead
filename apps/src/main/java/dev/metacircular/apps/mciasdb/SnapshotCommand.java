package dev.metacircular.apps.mciasdb;

import dev.metacircular.apps.config.McIasConfig;
import dev.metacircular.sqlite.SqliteIdentityStorage;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mc mcias db snapshot --output FILE}: a consistent copy of the database (VACUUM INTO), safe
 * while the server runs. The copy is encrypted where the database is, so it needs the same master
 * key to be useful: back both up.
 */
@Command(
    name = "snapshot",
    mixinStandardHelpOptions = true,
    description = "Write a consistent copy of the database to FILE (safe while the server runs).")
final class SnapshotCommand implements Runnable {
  @ParentCommand private DbCommand db;

  @Option(
      names = "--output",
      required = true,
      paramLabel = "FILE",
      description = "Where to write; must not exist.")
  private Path output;

  @Override
  public void run() {
    McIasConfig config = db.loadConfig();
    try (SqliteIdentityStorage storage =
        SqliteIdentityStorage.openWithoutMigrating(config.databasePath())) {
      storage.snapshot(output);
    }
    db.out().println("snapshot written to " + output);
    db.out().flush();
  }
}
