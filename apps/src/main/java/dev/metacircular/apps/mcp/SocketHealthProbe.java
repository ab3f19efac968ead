package dev.metacircular.apps.mcp;

import dev.metacircular.ports.scheduler.HealthCheck;
import dev.metacircular.ports.scheduler.out.HealthProbe;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Boot health checks on the network: a TCP connect, or a plain HTTP/1.0 GET whose status is 2xx or
 * 3xx, retried every 200 ms until it passes or the time is up; the last failure is the reason. One
 * request line and one status line need no HTTP client (apps keeps none: ClientLayerTest).
 */
final class SocketHealthProbe implements HealthProbe {

  private static final int TIMEOUT_MS = 2000;

  @Override
  public Optional<String> check(HealthCheck check, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    String last;
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

  static Optional<String> once(HealthCheck check) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(check.host(), check.port()), TIMEOUT_MS);
      if (!(check instanceof HealthCheck.Http http)) {
        return Optional.empty();
      }
      socket.setSoTimeout(TIMEOUT_MS);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET " + http.path() + " HTTP/1.0\r\nHost: " + http.host() + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String status =
          new BufferedReader(
                  new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
              .readLine();
      String[] parts = status == null ? new String[0] : status.split(" ");
      if (parts.length < 2 || !parts[1].matches("\\d{3}")) {
        return Optional.of("not an HTTP answer");
      }
      int code = Integer.parseInt(parts[1]);
      return code >= 200 && code < 400 ? Optional.empty() : Optional.of("HTTP " + code);
    } catch (IOException e) {
      return Optional.of(e.getMessage() == null ? "connection failed" : e.getMessage());
    }
  }
}
