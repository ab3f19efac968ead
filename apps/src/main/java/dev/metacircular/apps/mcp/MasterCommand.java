package dev.metacircular.apps.mcp;

import dev.metacircular.apps.cli.CommandEnvironment;
import dev.metacircular.apps.service.ServeCommand;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code mc mcp master --config FILE}: runs the master until SIGTERM or Ctrl-C. */
@Command(
    name = "master",
    mixinStandardHelpOptions = true,
    description = {
      "Run the master: the fleet's registry, placement, heartbeats, the door for mcp commands.",
      "Any key can be overridden with MCP_MASTER_<SECTION>_<KEY>."
    })
public final class MasterCommand extends ServeCommand {

  MasterCommand(CommandEnvironment environment) {
    super(environment, "mcp-master-shutdown");
  }

  @Override
  protected AutoCloseable start(Path config, Map<String, String> env) {
    if (config == null) {
      config = Path.of(env.getOrDefault("MCP_MASTER_CONFIG", "/etc/mcp/master.toml"));
    }
    return MasterService.start(MasterConfig.load(config, env), Clock.systemUTC());
  }
}
