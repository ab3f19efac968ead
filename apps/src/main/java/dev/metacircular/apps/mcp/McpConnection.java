package dev.metacircular.apps.mcp;

import dev.metacircular.apps.config.ConfigException;
import dev.metacircular.grpc.GrpcEndpoint;
import dev.metacircular.grpc.GrpcMasterClient;
import dev.metacircular.ports.client.BearerToken;
import dev.metacircular.ports.scheduler.ServiceDefinition;
import dev.metacircular.ports.scheduler.out.MasterClient;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The master as {@code mc mcp} and the admin shell reach it: the {@code mcp} configuration ({@code
 * --config}, else {@code $MCP_CONFIG}, else {@code ~/.config/mcp/mcp.toml}) and the token {@code mc
 * mcp login} stored.
 */
public final class McpConnection {

  private McpConnection() {}

  /** The master; "not logged in" when there is no token. */
  public static MasterClient open(Path config, Map<String, String> env) {
    CliConfig c = CliConfig.load(config, env);
    String token;
    try {
      token = Files.readString(c.tokenFile()).strip();
    } catch (IOException e) {
      token = "";
    }
    if (token.isEmpty()) {
      throw new ConfigException(
          "not logged in: run mc mcp login --username NAME (token file " + c.tokenFile() + ")");
    }
    BearerToken bearer = new BearerToken();
    bearer.set(token);
    return new GrpcMasterClient(
        GrpcEndpoint.of(URI.create("https://" + c.masterAddress()), c.masterCaCert(), bearer));
  }

  /** A service definition file, checked (unknown keys, pinned images...). */
  public static ServiceDefinition definition(Path file) {
    return DefinitionFile.read(file);
  }
}
