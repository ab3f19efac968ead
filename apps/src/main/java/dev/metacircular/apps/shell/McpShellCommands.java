package dev.metacircular.apps.shell;

import dev.metacircular.apps.mcp.McpConnection;
import dev.metacircular.apps.mcp.McpOutput;
import dev.metacircular.ports.scheduler.BootReport;
import dev.metacircular.ports.scheduler.RecoveryReport;
import dev.metacircular.ports.scheduler.out.MasterClient;
import java.nio.file.Path;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mcp ...}: the control plane from the admin shell, the same commands as {@code mc mcp}. The
 * master and the token are {@code mc mcp}'s: {@code --config FILE} on the group, else {@code
 * $MCP_CONFIG}, else {@code ~/.config/mcp/mcp.toml}, and the token {@code mc mcp login} stored.
 */
@Command(
    name = "mcp",
    description = "The control plane through its master: ps, status, nodes, deploy, stop, start...")
final class McpShellCommands extends Group {
  private final ShellContext ctx;

  @Option(names = "--config", paramLabel = "FILE", description = "The mcp configuration file.")
  Path config;

  McpShellCommands(ShellContext ctx) {
    this.ctx = ctx;
  }

  private void withMaster(Consumer<MasterClient> work) {
    try (MasterClient master = McpConnection.open(config, System.getenv())) {
      work.accept(master);
    }
    ctx.out().flush();
  }

  @Command(name = "ps", description = "Every service of the fleet and its state.")
  void ps(@Option(names = "--json") boolean json) {
    withMaster(m -> McpOutput.ps(ctx.out(), m.ps(), json));
  }

  @Command(name = "status", description = "One service: node, containers, ports, events.")
  void status(
      @Parameters(paramLabel = "NAME") String name, @Option(names = "--json") boolean json) {
    withMaster(m -> McpOutput.status(ctx.out(), m.status(name), json, true));
  }

  @Command(name = "nodes", description = "The nodes, their roles and health.")
  void nodes(@Option(names = "--json") boolean json) {
    withMaster(m -> McpOutput.nodes(ctx.out(), m.nodes(), json));
  }

  @Command(name = "deploy", description = "Deploy or redeploy a service from its definition file.")
  void deploy(@Parameters(paramLabel = "FILE") Path file) {
    withMaster(
        m -> McpOutput.status(ctx.out(), m.deploy(McpConnection.definition(file)), false, false));
  }

  @Command(name = "stop", description = "Stop a service; it stays stopped.")
  void stop(@Parameters(paramLabel = "NAME") String name) {
    withMaster(m -> McpOutput.status(ctx.out(), m.stop(name), false, false));
  }

  @Command(name = "start", description = "Start a stopped or flapping service again.")
  void start(@Parameters(paramLabel = "NAME") String name) {
    withMaster(m -> McpOutput.status(ctx.out(), m.start(name), false, false));
  }

  @Command(name = "restart", description = "Restart a service's containers in place.")
  void restart(@Parameters(paramLabel = "NAME") String name) {
    withMaster(m -> McpOutput.status(ctx.out(), m.restart(name), false, false));
  }

  @Command(name = "undeploy", description = "Remove a service, its containers and its ports.")
  void undeploy(@Parameters(paramLabel = "NAME") String name) {
    withMaster(
        m -> {
          m.undeploy(name);
          ctx.println(name + " undeployed");
        });
  }

  @Command(name = "logs", description = "A service's last output lines.")
  void logs(
      @Parameters(paramLabel = "NAME") String name,
      @Option(names = "--tail", paramLabel = "N", defaultValue = "100") int tail) {
    withMaster(m -> m.logs(name, tail).forEach(ctx::println));
  }

  @Command(name = "recover", description = "Reconcile nodes with their registries.")
  void recover(@Option(names = "--node", paramLabel = "N") String node) {
    withMaster(
        m -> {
          for (RecoveryReport r : m.recover(node == null ? "" : node)) {
            ctx.println(
                r.node()
                    + ": "
                    + r.applied().size()
                    + " step(s) applied, "
                    + r.failed().size()
                    + " failed");
          }
        });
  }

  @Command(name = "boot", description = "Run the boot stages in order.")
  void boot() {
    withMaster(
        m -> {
          BootReport report = m.boot();
          if (report instanceof BootReport.Failed f) {
            throw new IllegalStateException(
                "boot failed at stage "
                    + f.stage()
                    + ": "
                    + f.service()
                    + " failed "
                    + f.check()
                    + ": "
                    + f.reason());
          }
          ctx.println(
              "boot completed: " + String.join(", ", ((BootReport.Completed) report).stages()));
        });
  }

  @Command(name = "migrate", description = "Move a service and its data to another node.")
  void migrate(
      @Parameters(paramLabel = "NAME") String name,
      @Option(names = "--to", paramLabel = "NODE", required = true) String to,
      @Option(names = "--json") boolean json) {
    withMaster(m -> McpOutput.status(ctx.out(), m.migrate(name, to), json, false));
  }
}
