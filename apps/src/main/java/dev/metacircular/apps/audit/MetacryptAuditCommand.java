package dev.metacircular.apps.audit;

import dev.metacircular.apps.cli.CommandEnvironment;
import dev.metacircular.apps.cli.KeepsStdoutForOutput;
import dev.metacircular.apps.config.MetacryptConfigLoader;
import dev.metacircular.sqlite.SqliteCryptoStorage;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mc metacrypt audit verify}: checks the crypto service database's hash-chained audit log
 * offline (no seal password, no server) and names the first broken entry.
 */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = "The crypto service's audit log, offline.",
    subcommands = MetacryptAuditCommand.Verify.class)
public final class MetacryptAuditCommand implements Runnable {
  @Spec private CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command (verify)");
  }

  /** {@code mc metacrypt audit verify}. */
  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = {
        "Check that no audit entry was edited or deleted: every entry must match its hash and"
            + " follow the one before it.",
        "Reads the database file only (safe while the server runs; no seal password needed).",
        "Exit 0 when intact, 1 when broken (the first broken entry is named)."
      })
  static final class Verify implements Callable<Integer>, KeepsStdoutForOutput {
    private final CommandEnvironment environment;

    @Option(
        names = "--config",
        paramLabel = "FILE",
        description =
            "The server's TOML configuration, for its database path (default:"
                + " $METACRYPT_CONFIG, ./metacrypt.toml, /etc/metacrypt/metacrypt.toml).")
    private Path config;

    @Mixin private VerifyOptions options;

    Verify(CommandEnvironment environment) {
      this.environment = environment;
    }

    @Override
    public Integer call() {
      Path file =
          options.database != null
              ? options.database
              : MetacryptConfigLoader.standard(environment.env()).load(config).databasePath();
      try (SqliteCryptoStorage storage = SqliteCryptoStorage.openWithoutMigrating(file)) {
        return ChainCheck.run(
            storage,
            storage.audit(),
            options.anchor,
            options.json,
            "mc metacrypt server --config FILE",
            environment.terminal().out());
      }
    }
  }
}
