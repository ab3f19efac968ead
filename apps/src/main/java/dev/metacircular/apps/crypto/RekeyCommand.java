package dev.metacircular.apps.crypto;

import dev.metacircular.apps.cli.CommandEnvironment;
import dev.metacircular.apps.cli.KeepsStdoutForOutput;
import dev.metacircular.apps.config.MetacryptConfig;
import dev.metacircular.apps.config.MetacryptConfigLoader;
import dev.metacircular.ports.auth.Caller;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mc metacrypt rekey --config FILE}: changes the seal password on the database file by
 * re-wrapping the master key (no data is re-encrypted). Safe while the server runs: its keys do not
 * change. Prompts for the current password once and the new one twice (or reads two lines from
 * standard input). A running server can also be rekeyed with {@code POST /v1/rekey}.
 */
@Command(
    name = "rekey",
    mixinStandardHelpOptions = true,
    description = "Change the seal password (re-wraps the master key; no data migration).")
public final class RekeyCommand implements Callable<Integer>, KeepsStdoutForOutput {
  private static final Caller TOOL = Caller.offlineTool("metacrypt-rekey");
  private final CommandEnvironment environment;

  @Option(names = "--config", paramLabel = "FILE", description = "The TOML configuration file.")
  private Path config;

  RekeyCommand(CommandEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    MetacryptConfig loaded = MetacryptConfigLoader.standard(environment.env()).load(config);
    try (OfflineBarrier offline = new OfflineBarrier(loaded)) {
      char[] current = environment.terminal().readPassword("Current seal password");
      char[] next = null;
      try {
        offline.barrier().unseal(current, "");
        next = environment.terminal().readNewPassword("New seal password");
        offline.barrier().rekey(TOOL, current, next);
      } finally {
        Arrays.fill(current, '\0');
        if (next != null) {
          Arrays.fill(next, '\0');
        }
      }
    }
    environment.terminal().out().println("seal password changed for " + loaded.databasePath());
    environment.terminal().out().flush();
    return 0;
  }
}
