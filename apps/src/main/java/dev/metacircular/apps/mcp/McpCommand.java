package dev.metacircular.apps.mcp;

import dev.metacircular.apps.cli.CommandEnvironment;
import dev.metacircular.apps.cli.MissingCommand;
import dev.metacircular.ports.scheduler.out.MasterClient;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mc mcp}: the control plane (seed 003's {@code mcp} command table). {@code agent} and
 * {@code master} run the servers; every other subcommand talks to the master named in the command's
 * configuration ({@code --config}, else {@code $MCP_CONFIG}, else {@code ~/.config/mcp/mcp.toml})
 * with the token {@code login} stored.
 */
@Command(
    name = "mcp",
    mixinStandardHelpOptions = true,
    description = "The control plane: run an agent or the master, and deploy and manage services.",
    subcommands = {
      AgentCommand.class,
      MasterCommand.class,
      McpClientCommands.Login.class,
      McpClientCommands.Deploy.class,
      McpClientCommands.Stop.class,
      McpClientCommands.Start.class,
      McpClientCommands.Restart.class,
      McpClientCommands.Undeploy.class,
      McpClientCommands.Status.class,
      McpClientCommands.Ps.class,
      McpClientCommands.Logs.class,
      McpClientCommands.Nodes.class,
      McpClientCommands.Recover.class,
      McpClientCommands.Boot.class,
      McpClientCommands.Migrate.class
    })
public final class McpCommand implements Runnable {

  @Spec private CommandSpec spec;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "The mcp command's TOML configuration (the master's address, the token file).")
  Path config;

  private final CommandEnvironment environment;

  McpCommand(CommandEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public void run() {
    throw MissingCommand.of(spec);
  }

  CommandEnvironment environment() {
    return environment;
  }

  CliConfig cliConfig() {
    return CliConfig.load(config, environment.env());
  }

  /** The master, with the stored token; "not logged in" when there is none. */
  MasterClient master() {
    return McpConnection.open(config, environment.env());
  }
}
