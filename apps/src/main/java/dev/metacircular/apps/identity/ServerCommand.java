package dev.metacircular.apps.identity;

import dev.metacircular.apps.cli.CommandEnvironment;
import dev.metacircular.apps.cli.UntilStopped;
import dev.metacircular.apps.config.McIasConfig;
import dev.metacircular.apps.config.McIasConfigLoader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mc mcias server}: runs the identity server until SIGTERM or Ctrl-C. */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    description = {
      "Run the identity server (REST over TLS).",
      "Config: --config, else $MCIAS_CONFIG, else ./mcias.toml, else /etc/mcias/mcias.toml.",
      "Any key can be overridden with MCIAS_<SECTION>_<KEY>; $PORT overrides the listen port."
    })
public final class ServerCommand implements Callable<Integer> {
  private final CommandEnvironment environment;

  @Option(names = "--config", paramLabel = "FILE", description = "The TOML configuration file.")
  private Path config;

  ServerCommand(CommandEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() throws InterruptedException {
    McIasConfig loaded = McIasConfigLoader.standard(environment.env()).load(config);
    IdentityServer server = IdentityServer.start(loaded, environment.env());
    UntilStopped.await(server, "mcias-shutdown");
    return 0;
  }
}
