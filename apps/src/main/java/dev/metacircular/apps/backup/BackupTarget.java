package dev.metacircular.apps.backup;

import dev.metacircular.apps.config.ConfigKind;
import dev.metacircular.apps.config.McIasConfigLoader;
import dev.metacircular.apps.config.MetacryptConfigLoader;
import dev.metacircular.apps.mcp.McpDatabases;
import dev.metacircular.sqlite.SqliteControlPlaneStorage;
import dev.metacircular.sqlite.SqliteCryptoStorage;
import dev.metacircular.sqlite.SqliteIdentityStorage;
import dev.metacircular.sqlite.SqliteServiceFile;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The service a configuration file belongs to, as backups see it: its name (the backups' file
 * prefix), its database, and how to open a database of its kind without changing it (which also
 * refuses a file of the other service).
 */
record BackupTarget(String service, Path database, Function<Path, SqliteServiceFile> open) {

  static BackupTarget of(Path config, Map<String, String> env) {
    if (config == null) {
      throw new IllegalArgumentException(
          "--config FILE is required (mcias.toml or metacrypt.toml)");
    }
    Optional<McpDatabases.Found> controlPlane = McpDatabases.of(config, env);
    if (controlPlane.isPresent()) {
      return new BackupTarget(
          controlPlane.get().service(),
          controlPlane.get().database(),
          SqliteControlPlaneStorage::openWithoutMigrating);
    }
    if (ConfigKind.isIdentity(config)) {
      return new BackupTarget(
          "mcias",
          McIasConfigLoader.standard(env).load(config).databasePath(),
          SqliteIdentityStorage::openWithoutMigrating);
    }
    return new BackupTarget(
        "metacrypt",
        MetacryptConfigLoader.standard(env).load(config).databasePath(),
        SqliteCryptoStorage::openWithoutMigrating);
  }

  /** The default backup directory: {@code backups/} beside the database. */
  Path defaultDirectory() {
    return database.toAbsolutePath().normalize().resolveSibling("backups");
  }
}
