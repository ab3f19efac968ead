package dev.metacircular.apps.crypto;

import dev.metacircular.apps.cli.CommandEnvironment;
import dev.metacircular.apps.cli.UntilStopped;
import dev.metacircular.apps.config.MetacryptConfig;
import dev.metacircular.apps.config.MetacryptConfigLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mc metacrypt server}: runs the crypto server until SIGTERM or Ctrl-C. */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    description = {
      "Run the crypto server (REST over TLS). It starts sealed: unseal it with POST /v1/unseal.",
      "Config: --config, else $METACRYPT_CONFIG, else ./metacrypt.toml, else"
          + " /etc/metacrypt/metacrypt.toml.",
      "Any key can be overridden with METACRYPT_<SECTION>_<KEY>; $PORT overrides the listen"
          + " port."
    })
public final class CryptoServerCommand implements Callable<Integer> {
  private final CommandEnvironment environment;

  @Option(names = "--config", paramLabel = "FILE", description = "The TOML configuration file.")
  private Path config;

  CryptoServerCommand(CommandEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() throws InterruptedException {
    MetacryptConfig loaded = MetacryptConfigLoader.standard(environment.env()).load(config);
    CryptoServer server =
        CryptoServer.start(loaded, LocalCrypto.remoteIdentity(loaded), Clock.systemUTC());
    UntilStopped.await(server, "metacrypt-shutdown");
    return 0;
  }
}
