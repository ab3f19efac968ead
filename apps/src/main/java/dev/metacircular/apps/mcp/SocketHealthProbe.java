package dev.metacircular.apps.mcp;

import dev.metacircular.ports.scheduler.HealthCheck;
import dev.metacircular.ports.scheduler.out.HealthProbe;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Boot health checks on the network: a TCP connect, or an HTTP GET answering below 400, retried
 * every 200 ms until it passes or the time is up; the last failure is the reason.
 */
final class SocketHealthProbe implements HealthProbe {

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Override
  public Optional<String> check(HealthCheck check, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    String last = "not checked";
    do {
      Optional<String> failure = once(check);
      if (failure.isEmpty()) {
        return failure;
      }
      last = failure.get();
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.of("interrupted");
      }
    } while (System.nanoTime() < deadline);
    return Optional.of(last);
  }

  private Optional<String> once(HealthCheck check) {
    if (check instanceof HealthCheck.Http h) {
      try {
        HttpResponse<Void> response =
            http.send(
                HttpRequest.newBuilder(URI.create("http://" + h.host() + ":" + h.port() + h.path()))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        return response.statusCode() < 400
            ? Optional.empty()
            : Optional.of("HTTP " + response.statusCode());
      } catch (IOException e) {
        return Optional.of(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.of("interrupted");
      }
    }
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(check.host(), check.port()), 2000);
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of(e.getMessage() == null ? "connection failed" : e.getMessage());
    }
  }
}
