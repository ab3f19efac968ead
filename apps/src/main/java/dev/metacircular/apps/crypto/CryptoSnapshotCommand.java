package dev.metacircular.apps.crypto;

import dev.metacircular.apps.cli.CommandEnvironment;
import dev.metacircular.apps.cli.KeepsStdoutForOutput;
import dev.metacircular.apps.config.MetacryptConfig;
import dev.metacircular.apps.config.MetacryptConfigLoader;
import dev.metacircular.sqlite.SqliteCryptoStorage;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mc metacrypt snapshot --config FILE --output FILE}: a consistent copy of the database
 * ({@code VACUUM INTO}), safe while the server runs. The copy holds the same ciphertext: the seal
 * password is still needed to use it. Restore: stop, copy it over the database, start, unseal.
 */
@Command(
    name = "snapshot",
    mixinStandardHelpOptions = true,
    description = "Write a consistent copy of the database to FILE (safe while the server runs).")
public final class CryptoSnapshotCommand implements Callable<Integer>, KeepsStdoutForOutput {
  private final CommandEnvironment environment;

  @Option(names = "--config", paramLabel = "FILE", description = "The TOML configuration file.")
  private Path config;

  @Option(
      names = "--output",
      required = true,
      paramLabel = "FILE",
      description = "Where to write; must not exist.")
  private Path output;

  CryptoSnapshotCommand(CommandEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    MetacryptConfig loaded = MetacryptConfigLoader.standard(environment.env()).load(config);
    try (SqliteCryptoStorage storage =
        SqliteCryptoStorage.openWithoutMigrating(loaded.databasePath())) {
      storage.snapshot(output);
    }
    environment.terminal().out().println("snapshot written to " + output);
    environment.terminal().out().flush();
    return 0;
  }
}
