package dev.metacircular.apps.mciasdb;

import dev.metacircular.apps.config.McIasConfig;
import dev.metacircular.ports.storage.SchemaStatus;
import dev.metacircular.sqlite.SqliteIdentityStorage;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mc mcias db schema ...}: the database schema version. Works on the file directly, without
 * the master key and without migrating on open, so it can report and repair a database the server
 * refuses to start on.
 */
@Command(
    name = "schema",
    mixinStandardHelpOptions = true,
    description = "Verify, migrate or (break-glass) force the schema version.")
final class SchemaCommands implements Runnable {
  @ParentCommand private DbCommand db;

  @Spec private CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "missing command (verify, migrate or force)");
  }

  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = "Report the schema version; exit 1 when it is not up to date.")
  int verify() {
    McIasConfig config = db.loadConfig();
    try (SqliteIdentityStorage storage =
        SqliteIdentityStorage.openWithoutMigrating(config.databasePath())) {
      SchemaStatus s = storage.schemaStatus();
      PrintWriter out = db.out();
      String tool = "mc mcias db --config " + config.source();
      if (s.dirty()) {
        out.println(
            "schema version "
                + s.currentVersion()
                + " is dirty (a migration failed half-way)."
                + " Restore a snapshot, or run: "
                + tool
                + " schema force --version N  (N = the last version that completed), then: "
                + tool
                + " schema migrate");
      } else if (s.currentVersion() < s.latestVersion()) {
        out.println(
            "schema version "
                + s.currentVersion()
                + ", latest "
                + s.latestVersion()
                + ": "
                + (s.latestVersion() - s.currentVersion())
                + " migration(s) pending. Run: "
                + tool
                + " schema migrate");
      } else if (s.currentVersion() > s.latestVersion()) {
        out.println(
            "schema version "
                + s.currentVersion()
                + " is newer than this build knows ("
                + s.latestVersion()
                + "): upgrade mc before using this database");
      } else {
        out.println("schema version " + s.currentVersion() + ": up to date");
      }
      out.flush();
      return s.upToDate() ? 0 : 1;
    }
  }

  @Command(
      name = "migrate",
      mixinStandardHelpOptions = true,
      description = "Apply pending migrations.")
  void migrate() {
    McIasConfig config = db.loadConfig();
    try (SqliteIdentityStorage storage =
        SqliteIdentityStorage.openWithoutMigrating(config.databasePath())) {
      int before = storage.schemaStatus().currentVersion();
      storage.migrate();
      SchemaStatus after = storage.schemaStatus();
      db.out()
          .println(
              before == after.currentVersion()
                  ? "schema version " + after.currentVersion() + ": already up to date"
                  : "migrated schema from version " + before + " to " + after.currentVersion());
      db.out().flush();
    }
  }

  @Command(
      name = "force",
      description = {
        "Break-glass: record the schema as version N and clear the dirty flag, changing nothing else.",
        "Use only when 'schema verify' reports a dirty version after a failed migration."
      })
  void force(
      @Option(
              names = "--version",
              required = true,
              paramLabel = "N",
              description = "The schema version to record.")
          int version,
      // --version is the reference's flag here, so this command has --help but no version flag.
      @Option(
              names = {"-h", "--help"},
              usageHelp = true,
              description = "Show this help message and exit.")
          boolean help) {
    McIasConfig config = db.loadConfig();
    try (SqliteIdentityStorage storage =
        SqliteIdentityStorage.openWithoutMigrating(config.databasePath())) {
      storage.forceVersion(version);
      db.out().println("schema version forced to " + version);
      db.out().flush();
    }
  }
}
