package dev.metacircular.apps.crypto;

import dev.metacircular.apps.cli.CommandEnvironment;
import dev.metacircular.apps.config.MetacryptConfig;
import dev.metacircular.apps.config.MetacryptConfigLoader;
import dev.metacircular.apps.service.ServeCommand;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import picocli.CommandLine.Command;

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
public final class CryptoServerCommand extends ServeCommand {

  CryptoServerCommand(CommandEnvironment environment) {
    super(environment, "metacrypt-shutdown");
  }

  @Override
  protected AutoCloseable start(Path config, Map<String, String> env) {
    MetacryptConfig loaded = MetacryptConfigLoader.standard(env).load(config);
    return CryptoServer.start(loaded, LocalCrypto.remoteIdentity(loaded), Clock.systemUTC());
  }
}
