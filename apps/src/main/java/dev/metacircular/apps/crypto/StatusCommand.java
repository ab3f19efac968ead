package dev.metacircular.apps.crypto;

import dev.metacircular.apps.cli.CommandEnvironment;
import dev.metacircular.apps.cli.KeepsStdoutForOutput;
import dev.metacircular.ports.client.BearerToken;
import dev.metacircular.ports.seal.SealState;
import dev.metacircular.rest.client.RestCryptoClient;
import dev.metacircular.rest.client.RestEndpoint;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mc metacrypt status --addr URL [--ca-cert FILE]}: asks a running crypto service for its
 * state ({@code GET /v1/status}) and prints it. Exit 0 when unsealed, 1 otherwise (so scripts and
 * monitors can alert on "state != unsealed"), with one line saying why.
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Print the state of a running crypto service (uninitialized, sealed, initializing,"
          + " unsealed).",
      "Exit status 0 only when it is unsealed."
    })
public final class StatusCommand implements Callable<Integer>, KeepsStdoutForOutput {
  private final CommandEnvironment environment;

  @Option(
      names = "--addr",
      required = true,
      paramLabel = "URL",
      description = "The service's base URL, e.g. https://metacrypt.example.net:8443")
  private URI addr;

  @Option(
      names = "--ca-cert",
      paramLabel = "FILE",
      description = "PEM CA certificate to trust (default: the JDK's trust store).")
  private Path caCert;

  StatusCommand(CommandEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    if (!"https".equalsIgnoreCase(addr.getScheme()) || addr.getHost() == null) {
      throw new IllegalArgumentException("--addr must be an https:// URL with a host");
    }
    // The same client the shell uses; asking the state needs no login, so no token is ever set.
    URI base = addr.resolve("/");
    SealState state =
        new RestCryptoClient(RestEndpoint.of(base, caCert, new BearerToken())).status();
    environment.terminal().out().println(state.name().toLowerCase(Locale.ROOT));
    environment.terminal().out().flush();
    return state == SealState.UNSEALED ? 0 : 1;
  }
}
