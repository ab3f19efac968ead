package dev.metacircular.apps.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metacircular.apps.cli.CommandEnvironment;
import dev.metacircular.apps.cli.KeepsStdoutForOutput;
import dev.metacircular.apps.cli.PinnedTrust;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
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
  public Integer call() throws InterruptedException {
    if (!"https".equalsIgnoreCase(addr.getScheme()) || addr.getHost() == null) {
      throw new IllegalArgumentException("--addr must be an https:// URL with a host");
    }
    HttpClient client =
        HttpClient.newBuilder()
            .sslContext(PinnedTrust.sslContext(caCert))
            .sslParameters(tlsOnly())
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    URI uri = addr.resolve("/v1/status");
    HttpResponse<String> response;
    try {
      response =
          client.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (SSLHandshakeException e) {
      throw new IllegalStateException(
          "TLS handshake with " + addr + " failed (wrong --ca-cert, or not a TLS server?)");
    } catch (ConnectException | HttpTimeoutException e) {
      throw new IllegalStateException("cannot reach " + addr + ": " + e.getClass().getSimpleName());
    } catch (IOException e) {
      throw new IllegalStateException("cannot reach " + addr + ": " + e.getMessage());
    }
    if (response.statusCode() != 200) {
      throw new IllegalStateException(uri + " answered HTTP " + response.statusCode());
    }
    String state;
    try {
      JsonNode body = new ObjectMapper().readTree(response.body());
      state = body.path("state").asText("");
    } catch (IOException e) {
      throw new IllegalStateException(uri + " did not answer JSON");
    }
    if (state.isEmpty()) {
      throw new IllegalStateException(uri + " answered no state");
    }
    environment.terminal().out().println(state);
    environment.terminal().out().flush();
    return "unsealed".equals(state) ? 0 : 1;
  }

  private static SSLParameters tlsOnly() {
    SSLParameters p = new SSLParameters();
    p.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
    return p;
  }
}
