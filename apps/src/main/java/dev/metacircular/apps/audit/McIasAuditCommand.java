package dev.metacircular.apps.audit;

import dev.metacircular.apps.cli.CommandEnvironment;
import dev.metacircular.apps.cli.KeepsStdoutForOutput;
import dev.metacircular.apps.config.McIasConfigLoader;
import dev.metacircular.sqlite.SqliteIdentityStorage;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mc mcias audit verify}: checks the identity database's hash-chained audit log offline (no
 * master key, no server) and names the first broken entry.
 */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = "The identity service's audit log, offline.",
    subcommands = McIasAuditCommand.Verify.class)
public final class McIasAuditCommand implements Runnable {
  @Spec private CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command (verify)");
  }

  /** {@code mc mcias audit verify}. */
  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = {
        "Check that no audit entry was edited or deleted: every entry must match its hash and"
            + " follow the one before it.",
        "Reads the database file only (safe while the server runs; no master key needed).",
        "Exit 0 when intact, 1 when broken (the first broken entry is named)."
      })
  static final class Verify implements Callable<Integer>, KeepsStdoutForOutput {
    private final CommandEnvironment environment;

    @Option(
        names = "--config",
        paramLabel = "FILE",
        description =
            "The server's TOML configuration, for its database path (default:"
                + " $MCIAS_CONFIG, ./mcias.toml, /etc/mcias/mcias.toml).")
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
              : McIasConfigLoader.standard(environment.env()).load(config).databasePath();
      try (SqliteIdentityStorage storage = SqliteIdentityStorage.openWithoutMigrating(file)) {
        return ChainCheck.run(
            storage,
            storage.audit(),
            options.anchor,
            options.json,
            "mc mcias db schema migrate",
            environment.terminal().out());
      }
    }
  }
}
