package dev.metacircular.apps.dev;

import dev.metacircular.apps.cli.CommandEnvironment;
import dev.metacircular.apps.cli.UntilStopped;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code mc dev}: the platform in dev mode, until Ctrl-C. */
@Command(
    name = "dev",
    mixinStandardHelpOptions = true,
    description = {
      "Run the platform in dev mode on 127.0.0.1 (like 'vault server -dev').",
      "Generates under the data directory, once: a master key file, the databases, an admin"
          + " account whose password is printed once, an initialized, unsealed crypto service"
          + " whose seal password is printed once, and its CA (mount pki), whose root (ca.pem)"
          + " the services' TLS certificates chain to; they are renewed while running.",
      "NOT for production."
    })
public final class DevCommand implements Callable<Integer> {
  private final CommandEnvironment environment;

  @Spec private CommandSpec spec;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      defaultValue = "data",
      description = "Where everything is kept (default: ${DEFAULT-VALUE}).")
  private Path dataDir;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "8443",
      description =
          "The identity service's HTTPS port on 127.0.0.1 (its gRPC port is this + 1000); 0"
              + " picks free ones (default: ${DEFAULT-VALUE}).")
  private int port;

  @Option(
      names = "--crypto-port",
      paramLabel = "PORT",
      defaultValue = "8444",
      description =
          "The crypto service's HTTPS port on 127.0.0.1 (its gRPC port is this + 1000); 0"
              + " picks free ones (default: ${DEFAULT-VALUE}).")
  private int cryptoPort;

  DevCommand(CommandEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() throws InterruptedException {
    if (port < 0 || port > 65_535) {
      throw new ParameterException(spec.commandLine(), "--port must be between 0 and 65535");
    }
    if (cryptoPort < 0 || cryptoPort > 65_535) {
      throw new ParameterException(spec.commandLine(), "--crypto-port must be between 0 and 65535");
    }
    if (port != 0 && port == cryptoPort) {
      throw new ParameterException(spec.commandLine(), "--port and --crypto-port must differ");
    }
    DevPlatform platform =
        DevPlatform.start(
            new DevPlatform.Options(
                dataDir,
                port,
                cryptoPort,
                java.util.function.UnaryOperator.identity(),
                java.time.Clock.systemUTC()),
            environment.terminal().out());
    UntilStopped.await(platform, "mc-dev-shutdown");
    return 0;
  }
}
