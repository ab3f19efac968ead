package dev.metacircular.apps.mcp;

import dev.metacircular.apps.config.ConfigKind;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The database of a control-plane server's configuration, for the commands that work on database
 * files ({@code mc backup}, {@code mc restore}): an agent's ({@code [agent]}) or the master's
 * ({@code [server]} with {@code [master]}); empty for any other configuration.
 */
public final class McpDatabases {
  private McpDatabases() {}

  /** The control-plane server {@code config} is for, with its database. */
  public record Found(String service, Path database) {}

  public static Optional<Found> of(Path config, Map<String, String> env) {
    Set<String> tables = ConfigKind.tables(config);
    if (tables.contains("agent")) {
      return Optional.of(new Found("mcp-agent", AgentConfig.load(config, env).database()));
    }
    if (tables.contains("server") && tables.contains("master") && !tables.contains("seal")) {
      return Optional.of(new Found("mcp-master", MasterConfig.load(config, env).database()));
    }
    return Optional.empty();
  }
}
