package dev.metacircular.apps.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metacircular.apps.config.MetacryptConfig;
import dev.metacircular.apps.config.MetacryptConfigLoader;
import dev.metacircular.apps.crypto.CryptoServer;
import dev.metacircular.apps.crypto.LocalCrypto;
import dev.metacircular.apps.identity.TestServer;
import dev.metacircular.crypto.TlsCertificates;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Role;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.LoggerFactory;

/**
 * The real identity and crypto servers (REST, web UI and gRPC doors, SQLite files) for the input
 * hygiene door tests, with a client that can send what a well-behaved client would not: any media
 * type, and a body it abandons halfway.
 */
final class InputDoors implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String SEAL_PASSWORD = "a long seal password";

  final TestServer identity;
  final CryptoServer crypto;
  final HttpClient http;
  final SSLContext ssl;

  /** One HTTP answer. */
  record Reply(int status, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }
  }

  InputDoors(Path dir) {
    try {
      Files.createDirectories(dir.resolve("id"));
      identity = TestServer.startWithGrpc(dir.resolve("id"));
      identity.createAccount("root", AccountType.HUMAN, Role.ADMIN);
      Path cert = identity.dir.resolve("tls.crt");
      Path key = identity.dir.resolve("tls.key");
      Path configFile =
          Files.writeString(
              dir.resolve("metacrypt.toml"),
              "[server]\nlisten_addr = \"127.0.0.1:0\"\ngrpc_addr = \"127.0.0.1:0\"\n"
                  + "tls_cert = \""
                  + cert
                  + "\"\ntls_key = \""
                  + key
                  + "\"\n"
                  + "[database]\npath = \""
                  + dir.resolve("metacrypt.db")
                  + "\"\n"
                  + "[mcias]\nserver_url = \"https://127.0.0.1:"
                  + identity.server.port()
                  + "\"\n"
                  + "ca_cert = \""
                  + cert
                  + "\"\nservice_name = \"metacrypt\"\n"
                  + "[seal]\nargon2_time = 1\nargon2_memory_kib = 8192\nargon2_threads = 1\n");
      MetacryptConfig config = new MetacryptConfigLoader(Map.of(), List.of()).load(configFile);
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(TlsCertificates.trustStoreFromPem(cert));
      ssl = SSLContext.getInstance("TLS");
      ssl.init(null, tmf.getTrustManagers(), null);
      http =
          HttpClient.newBuilder()
              .sslContext(ssl)
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(10))
              .build();
      crypto = CryptoServer.start(config, LocalCrypto.remoteIdentity(config), Clock.systemUTC());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  URI identityUri(String path) {
    return URI.create("https://127.0.0.1:" + identity.server.port() + path);
  }

  URI cryptoUri(String path) {
    return URI.create("https://127.0.0.1:" + crypto.port() + path);
  }

  /** Sends {@code body} with exactly the given media type (none when null). */
  Reply send(String method, URI uri, String token, String contentType, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  Reply postJson(URI uri, String token, Object body) {
    try {
      return send("POST", uri, token, "application/json", JSON.writeValueAsString(body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String identityLogin(String username) {
    Reply r =
        postJson(
            identityUri("/v1/auth/login"),
            null,
            Map.of("username", username, "password", TestServer.PASSWORD));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().get("token").asText();
  }

  String cryptoInitAndLogin() {
    Reply init = postJson(cryptoUri("/v1/init"), null, Map.of("password", SEAL_PASSWORD));
    assertThat(init.status()).as(init.body()).isEqualTo(200);
    Reply r =
        postJson(
            cryptoUri("/v1/auth/login"),
            null,
            Map.of("username", "root", "password", TestServer.PASSWORD));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().get("token").asText();
  }

  /**
   * Opens a TLS connection to {@code port}, sends {@code head} (request line and headers, each
   * CRLF-terminated, without the blank line) and {@code partialBody} — less than the Content-Length
   * announced — then closes: a client that gave up mid-upload.
   */
  void abort(int port, String head, byte[] partialBody) {
    try (SSLSocket socket = (SSLSocket) ssl.getSocketFactory().createSocket("127.0.0.1", port)) {
      OutputStream out = socket.getOutputStream();
      out.write((head + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(partialBody);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Records every log event of the process while it is open. */
  static final class Logs implements AutoCloseable {
    private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    private final Logger rest = (Logger) LoggerFactory.getLogger("dev.metacircular.rest");
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Level previous = rest.getLevel();

    Logs() {
      appender.start();
      // Every logger's warnings and errors (Jetty's included), and the HTTP layer's INFO lines.
      root.addAppender(appender);
      rest.setLevel(Level.INFO);
    }

    List<ILoggingEvent> events() {
      synchronized (appender.list) {
        return List.copyOf(appender.list);
      }
    }

    /** Waits (up to 10 s) until an event matches. */
    void await(Predicate<ILoggingEvent> match) throws InterruptedException {
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (events().stream().noneMatch(match) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
    }

    @Override
    public void close() {
      root.detachAppender(appender);
      rest.setLevel(previous);
    }
  }

  @Override
  public void close() {
    try {
      crypto.close();
    } finally {
      identity.close();
    }
  }
}
