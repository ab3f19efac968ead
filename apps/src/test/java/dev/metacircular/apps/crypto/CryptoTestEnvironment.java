package dev.metacircular.apps.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metacircular.apps.config.MetacryptConfig;
import dev.metacircular.apps.config.MetacryptConfigLoader;
import dev.metacircular.apps.identity.TestServer;
import dev.metacircular.crypto.TlsCertificates;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Role;
import java.io.IOException;
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
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A real identity server and a real crypto server side by side on 127.0.0.1 over TLS, the crypto
 * server delegating to the identity server through the REST identity client, each on its own SQLite
 * file in a temporary directory. The seal KDF is cheap so tests stay fast.
 */
public final class CryptoTestEnvironment implements AutoCloseable {
  public static final ObjectMapper JSON = new ObjectMapper();
  public static final String SEAL_PASSWORD = "a long seal password";

  public final TestServer identity;
  public final Path dir;
  public final Path configFile;
  public final MetacryptConfig config;
  final HttpClient http;
  public CryptoServer crypto;

  /** A response with its parsed JSON body. */
  public record Reply(int status, String body, HttpResponse<String> raw) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }
  }

  public CryptoTestEnvironment(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir.resolve("id"));
      identity = TestServer.start(dir.resolve("id"));
      identity.createAccount("root", AccountType.HUMAN, Role.ADMIN);
      identity.createAccount("alice", AccountType.HUMAN, Role.USER);
      Path cert = identity.dir.resolve("tls.crt");
      Path key = identity.dir.resolve("tls.key");
      configFile = dir.resolve("metacrypt.toml");
      Files.writeString(
          configFile,
          "[server]\nlisten_addr = \"127.0.0.1:0\"\n"
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
              + "tags = [\"env:test\"]\n"
              + "[seal]\nargon2_time = 1\nargon2_memory_kib = 8192\nargon2_threads = 1\n");
      config = new MetacryptConfigLoader(Map.of(), List.of()).load(configFile);
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(TlsCertificates.trustStoreFromPem(cert));
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(null, tmf.getTrustManagers(), null);
      http = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(10)).build();
      start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public void start() {
    crypto = CryptoServer.start(config, LocalCrypto.remoteIdentity(config), Clock.systemUTC());
  }

  /** Stops the crypto server (what a process exit does) and starts a new one on the same file. */
  public void restart() {
    crypto.close();
    start();
  }

  URI base() {
    return URI.create("https://127.0.0.1:" + crypto.port());
  }

  public void initAndUnseal() {
    Reply r = post("/v1/init", null, Map.of("password", SEAL_PASSWORD));
    if (r.status() != 200) {
      throw new AssertionError("init failed: " + r.status() + " " + r.body());
    }
  }

  public String login(String username) {
    Reply r =
        post("/v1/auth/login", null, Map.of("username", username, "password", TestServer.PASSWORD));
    if (r.status() != 200) {
      throw new AssertionError("login failed: " + r.status() + " " + r.body());
    }
    return r.json().get("token").asText();
  }

  public Reply request(String token, String mount, String operation, Map<String, Object> data) {
    return post(
        "/v1/engine/request", token, Map.of("mount", mount, "operation", operation, "data", data));
  }

  public Reply get(String path, String token) {
    return send("GET", path, token, null);
  }

  public Reply post(String path, String token, Object body) {
    try {
      return send("POST", path, token, body == null ? null : JSON.writeValueAsString(body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Reply send(String method, String path, String token, String body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base().resolve(path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
      b.method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.body(), r);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    try {
      if (crypto != null) {
        crypto.close();
      }
    } finally {
      identity.close();
    }
  }
}
