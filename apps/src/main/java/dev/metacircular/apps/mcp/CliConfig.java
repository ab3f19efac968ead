package dev.metacircular.apps.mcp;

import dev.metacircular.apps.config.ConfigException;
import dev.metacircular.apps.config.StrictToml;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code mcp} command's configuration: {@code [master]} address and ca_cert, {@code [mcias]}
 * server_url, ca_cert and service_name (the master's audience, {@code mcp} by default), {@code
 * [auth]} token_file (written 0600 by {@code login}). {@code MCP_<SECTION>_<KEY>} overrides.
 */
record CliConfig(
    String masterAddress,
    Path masterCaCert,
    URI mciasUrl,
    Path mciasCaCert,
    String serviceName,
    Path tokenFile) {

  static final String ENV_PREFIX = "MCP";

  record File(Master master, Mcias mcias, Auth auth) {}

  record Master(String address, String caCert) {}

  record Mcias(String serverUrl, String caCert, String serviceName) {}

  record Auth(String tokenFile) {}

  /** {@code --config}, else {@code $MCP_CONFIG}, else {@code ~/.config/mcp/mcp.toml}. */
  static CliConfig load(Path explicit, Map<String, String> env) {
    Path file = explicit;
    if (file == null && env.get("MCP_CONFIG") != null) {
      file = Path.of(env.get("MCP_CONFIG"));
    }
    if (file == null) {
      file = Path.of(env.getOrDefault("HOME", "."), ".config", "mcp", "mcp.toml");
    }
    try {
      return parse(Files.readString(file), file, env);
    } catch (IOException e) {
      throw new ConfigException(
          "config: cannot read " + file + " (give --config FILE or set MCP_CONFIG)");
    }
  }

  static CliConfig parse(String toml, Path source, Map<String, String> env) {
    File f = StrictToml.read(toml, source, File.class, "config", ENV_PREFIX, env);
    List<String> problems = new ArrayList<>();
    Master master = f.master() == null ? new Master(null, null) : f.master();
    Mcias mcias = f.mcias() == null ? new Mcias(null, null, null) : f.mcias();
    String tokenFile = f.auth() == null ? null : f.auth().tokenFile();
    AgentConfig.require(master.address(), "master.address", problems);
    AgentConfig.require(tokenFile, "auth.token_file", problems);
    if (!problems.isEmpty()) {
      throw new ConfigException("config: " + String.join("; ", problems));
    }
    return new CliConfig(
        master.address(),
        master.caCert() == null ? null : Path.of(master.caCert()),
        mcias.serverUrl() == null ? null : URI.create(mcias.serverUrl()),
        mcias.caCert() == null ? null : Path.of(mcias.caCert()),
        mcias.serviceName() == null ? MasterConfig.DEFAULT_SERVICE_NAME : mcias.serviceName(),
        Path.of(tokenFile));
  }
}
