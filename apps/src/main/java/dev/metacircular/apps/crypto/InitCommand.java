package dev.metacircular.apps.crypto;

import dev.metacircular.apps.cli.CommandEnvironment;
import dev.metacircular.apps.cli.KeepsStdoutForOutput;
import dev.metacircular.apps.config.MetacryptConfig;
import dev.metacircular.apps.config.MetacryptConfigLoader;
import dev.metacircular.ports.seal.SealState;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mc metacrypt init --config FILE}: first-time setup on the database file. The seal password
 * is prompted twice without echo (or read as one line from standard input when it is not a
 * terminal); it is never stored and cannot be recovered.
 */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description = {
      "Initialize the crypto service's barrier: prompt for the seal password, generate the master"
          + " encryption key, store it wrapped under a key derived from the password.",
      "The password is the root of all security: if it is lost, the data is unrecoverable."
    })
public final class InitCommand implements Callable<Integer>, KeepsStdoutForOutput {
  private final CommandEnvironment environment;

  @Option(names = "--config", paramLabel = "FILE", description = "The TOML configuration file.")
  private Path config;

  InitCommand(CommandEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    MetacryptConfig loaded = MetacryptConfigLoader.standard(environment.env()).load(config);
    try (OfflineBarrier offline = new OfflineBarrier(loaded)) {
      if (offline.barrier().state() != SealState.UNINITIALIZED) {
        throw new IllegalStateException(
            "already initialized: " + loaded.databasePath() + " holds a barrier");
      }
      char[] password = environment.terminal().readNewPassword("Seal password");
      try {
        offline.barrier().initialize(password);
      } finally {
        Arrays.fill(password, '\0');
      }
    }
    var out = environment.terminal().out();
    out.println("initialized " + loaded.databasePath());
    out.println("The service starts sealed: unseal it with POST /v1/unseal.");
    out.flush();
    return 0;
  }
}
