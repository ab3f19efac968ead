package dev.metacircular.apps.dev;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.crypto.Argon2Parameters;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dev mode after a restart: the crypto service is unsealed before its doors listen, so the very
 * first answer a client gets is {@code unsealed}, as the banner says (it used to answer {@code
 * sealed} for about a second while the seal password's Argon2 ran behind an open port).
 */
class DevRestartTest {

  @Test
  void afterARestartTheCryptoServicesFirstAnswerIsAlreadyUnsealed(@TempDir Path tmp)
      throws Exception {
    Path data = tmp.resolve("data");
    try (DevPlatform first = start(data, 0, 0)) {
      assertThat(first.cryptoPort()).isPositive();
    }
    int cryptoPort = freePort();
    HttpClient http = DevPlatformTest.client(data.resolve("ca.pem"));
    // Polls the port from before the restart, and keeps the first answer that arrives.
    CompletableFuture<String> firstAnswer =
        CompletableFuture.supplyAsync(() -> firstStatus(http, cryptoPort));

    try (DevPlatform again = start(data, freePort(), cryptoPort)) {
      assertThat(firstAnswer.get(60, TimeUnit.SECONDS)).isEqualTo("{\"state\":\"unsealed\"}");
      assertThat(again.cryptoPort()).isEqualTo(cryptoPort);
    }
  }

  private static DevPlatform start(Path data, int port, int cryptoPort) {
    return DevPlatform.start(
        new DevPlatform.Options(
            data,
            port,
            cryptoPort,
            0,
            0,
            s -> s.withPasswordHashing(Argon2Parameters.OWASP_MINIMUM),
            Clock.systemUTC()),
        new PrintWriter(new StringWriter(), true));
  }

  private static String firstStatus(HttpClient http, int port) {
    HttpRequest status =
        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/v1/status"))
            .timeout(Duration.ofSeconds(10))
            .build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      try {
        return http.send(status, HttpResponse.BodyHandlers.ofString()).body();
      } catch (IOException notListeningYet) {
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return "interrupted";
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "interrupted";
      }
    }
    return "no answer within 60 s";
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }
}
