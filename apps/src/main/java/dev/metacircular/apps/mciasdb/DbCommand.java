package dev.metacircular.apps.mciasdb;

import dev.metacircular.apps.cli.CommandEnvironment;
import dev.metacircular.apps.cli.KeepsStdoutForOutput;
import dev.metacircular.apps.config.McIasConfig;
import dev.metacircular.apps.config.McIasConfigLoader;
import dev.metacircular.apps.identity.LocalIdentity;
import dev.metacircular.ports.auth.Caller;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code mc mcias db}: the reference's offline {@code mciasdb} tool. It acts on the database file
 * directly (break-glass, or before the server first runs), through the same core the server uses,
 * so every change is validated and audited with actor {@code mciasdb}. Only the {@code schema} and
 * {@code snapshot} commands bypass the core; they never need the master key.
 */
@Command(
    name = "db",
    mixinStandardHelpOptions = true,
    description = {
      "Offline database maintenance (the reference's mciasdb).",
      "Every change is written to the audit log with actor \"mciasdb\"."
    },
    subcommands = {
      AccountCommands.class,
      RoleCommands.class,
      TokenCommands.class,
      PruneCommands.class,
      AuditCommands.class,
      SchemaCommands.class,
      SnapshotCommand.class
    })
public final class DbCommand implements Runnable, KeepsStdoutForOutput {
  /** The actor of every audit entry this tool writes. */
  static final Caller CALLER = Caller.offlineTool("mciasdb");

  final CommandEnvironment environment;

  @Spec private CommandSpec spec;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      scope = ScopeType.INHERIT,
      description =
          "The server's TOML configuration (default: $MCIAS_CONFIG, ./mcias.toml, /etc/mcias/mcias.toml).")
  Path config;

  DbCommand(CommandEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "missing command (account, role, token, prune, audit, schema or snapshot)");
  }

  McIasConfig loadConfig() {
    return McIasConfigLoader.standard(environment.env()).load(config);
  }

  /** The core over the configured database; needs the master key. */
  LocalIdentity openIdentity() {
    return LocalIdentity.open(loadConfig(), environment.env());
  }

  PrintWriter out() {
    return environment.terminal().out();
  }
}
