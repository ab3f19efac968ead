package dev.metacircular.apps.mcp;

import dev.metacircular.apps.cli.CommandEnvironment;
import dev.metacircular.apps.service.ServeCommand;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code mc mcp agent --config FILE}: runs one node's agent until SIGTERM or Ctrl-C. */
@Command(
    name = "agent",
    mixinStandardHelpOptions = true,
    description = {
      "Run a node's agent: the gRPC C2 door over TLS, its SQLite registry, Podman.",
      "Any key can be overridden with MCP_AGENT_<SECTION>_<KEY>."
    })
public final class AgentCommand extends ServeCommand {

  AgentCommand(CommandEnvironment environment) {
    super(environment, "mcp-agent-shutdown");
  }

  @Override
  protected AutoCloseable start(Path config, Map<String, String> env) {
    if (config == null) {
      config = Path.of(env.getOrDefault("MCP_AGENT_CONFIG", "/etc/mcp/agent.toml"));
    }
    return AgentService.start(AgentConfig.load(config, env), Clock.systemUTC());
  }
}
