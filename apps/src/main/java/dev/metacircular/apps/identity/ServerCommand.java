package dev.metacircular.apps.identity;

import dev.metacircular.apps.cli.CommandEnvironment;
import dev.metacircular.apps.config.McIasConfigLoader;
import dev.metacircular.apps.service.ServeCommand;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code mc mcias server}: runs the identity server until SIGTERM or Ctrl-C. */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    description = {
      "Run the identity server (REST over TLS).",
      "Config: --config, else $MCIAS_CONFIG, else ./mcias.toml, else /etc/mcias/mcias.toml.",
      "Any key can be overridden with MCIAS_<SECTION>_<KEY>; $PORT overrides the listen port."
    })
public final class ServerCommand extends ServeCommand {

  ServerCommand(CommandEnvironment environment) {
    super(environment, "mcias-shutdown");
  }

  @Override
  protected AutoCloseable start(Path config, Map<String, String> env) {
    return IdentityServer.start(McIasConfigLoader.standard(env).load(config), env);
  }
}
