package dev.metacircular.apps.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metacircular.apps.config.MasterKeyFile;
import dev.metacircular.apps.config.McIasConfig;
import dev.metacircular.apps.config.McIasConfigLoader;
import dev.metacircular.crypto.Argon2Parameters;
import dev.metacircular.crypto.SecureRandoms;
import dev.metacircular.crypto.TlsCertificates;
import dev.metacircular.domain.identity.IdentitySettings;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.identity.Account;
import dev.metacircular.ports.identity.in.CreateAccountCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The real identity server for integration tests: SQLite in a temporary directory, the real core
 * with cheap Argon2, the REST adapter on 127.0.0.1 with a fresh self-signed certificate, wired by
 * the same {@link IdentityServer} the executable uses. Records every response body so tests can
 * check that no credential field ever left the server.
 */
public final class TestServer implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  public static final Caller SETUP = Caller.offlineTool("test-setup");
  public static final String PASSWORD = "correct horse battery staple";

  public final IdentityServer server;
  final HttpClient http;
  final URI base;
  public final Path dir;
  final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());

  /** One response as the test saw it. */
  record Seen(String method, String path, int status, String body) {}

  /** A response with its body parsed when it is JSON. */
  record Reply(int status, HttpResponse<byte[]> raw, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }

    String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }
  }

  private TestServer(IdentityServer server, HttpClient http, Path dir) {
    this.server = server;
    this.http = http;
    this.dir = dir;
    this.base = URI.create("https://127.0.0.1:" + server.port());
  }

  public static TestServer start(Path dir) {
    return start(dir, Clock.systemUTC(), UnaryOperator.identity());
  }

  static TestServer start(Path dir, Clock clock, UnaryOperator<IdentitySettings> tuning) {
    return start(dir, clock, tuning, "127.0.0.1:0", "https://test.example", "");
  }

  /**
   * On a given listen address and issuer, with more TOML appended (a {@code [webauthn]} section for
   * browser tests).
   */
  public static TestServer start(Path dir, String listen, String issuer, String extraToml) {
    return start(dir, Clock.systemUTC(), UnaryOperator.identity(), listen, issuer, extraToml);
  }

  /** With the gRPC door too, on a free loopback port ({@code server.grpcPort()}). */
  public static TestServer startWithGrpc(Path dir) {
    return start(
        dir,
        Clock.systemUTC(),
        UnaryOperator.identity(),
        "127.0.0.1:0",
        "https://test.example",
        "grpc_addr = \"127.0.0.1:0\"\n",
        "");
  }

  /** With the gRPC door too, and more TOML appended (a {@code [security]} section). */
  public static TestServer startWithGrpc(Path dir, String extraToml) {
    return start(
        dir,
        Clock.systemUTC(),
        UnaryOperator.identity(),
        "127.0.0.1:0",
        "https://test.example",
        "grpc_addr = \"127.0.0.1:0\"\n",
        extraToml);
  }

  static TestServer start(
      Path dir,
      Clock clock,
      UnaryOperator<IdentitySettings> tuning,
      String listen,
      String issuer,
      String extraToml) {
    return start(dir, clock, tuning, listen, issuer, "", extraToml);
  }

  private static TestServer start(
      Path dir,
      Clock clock,
      UnaryOperator<IdentitySettings> tuning,
      String listen,
      String issuer,
      String serverToml,
      String extraToml) {
    try {
      Path cert = dir.resolve("tls.crt");
      Path key = dir.resolve("tls.key");
      TlsCertificates.writePem(
          cert,
          key,
          TlsCertificates.selfSigned(
              "localhost", List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(1)));
      Path masterKey = dir.resolve("master.key");
      MasterKeyFile.create(masterKey, SecureRandoms.bytes(32));
      McIasConfig config =
          new McIasConfigLoader(Map.of(), List.of())
              .parse(
                  "[server]\nlisten_addr = \""
                      + listen
                      + "\"\n"
                      + serverToml
                      + "tls_cert = \""
                      + cert
                      + "\"\ntls_key = \""
                      + key
                      + "\"\n"
                      + "[database]\npath = \""
                      + dir.resolve("mcias.db")
                      + "\"\n"
                      + "[tokens]\nissuer = \""
                      + issuer
                      + "\"\n"
                      + "[master_key]\nkeyfile = \""
                      + masterKey
                      + "\"\n"
                      + extraToml,
                  dir.resolve("mcias.toml"));
      IdentityServer server =
          IdentityServer.start(config, Map.of(), clock, s -> tuning.apply(cheap(s)));

      KeyStore trust = TlsCertificates.trustStoreFromPem(cert);
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(null, tmf.getTrustManagers(), null);
      HttpClient http =
          HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(10)).build();
      return new TestServer(server, http, dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Cheap hashing, and a login rate limit high enough that tests never trip it by accident. */
  static IdentitySettings cheap(IdentitySettings s) {
    return s.withPasswordHashing(Argon2Parameters.OWASP_MINIMUM)
        .withMasterKeyKdf(Argon2Parameters.OWASP_MINIMUM)
        .withLoginRate(10_000, 10_000);
  }

  public Account createAccount(String username, AccountType type, Role... roles) {
    char[] password = type == AccountType.HUMAN ? PASSWORD.toCharArray() : null;
    return server
        .core()
        .accounts()
        .create(SETUP, new CreateAccountCommand(username, type, password, Set.of(roles)));
  }

  /** Logs in over HTTP and returns the token. */
  String login(String username) {
    Reply r = post("/v1/auth/login", null, loginBody(username, PASSWORD));
    if (r.status() != 200) {
      throw new AssertionError("login of " + username + " failed: " + r.status() + " " + r.body());
    }
    return r.json().get("token").asText();
  }

  static String loginBody(String username, String password) {
    try {
      return JSON.writeValueAsString(Map.of("username", username, "password", password));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Reply get(String path, String token) {
    return send("GET", path, token, null, null);
  }

  Reply delete(String path, String token) {
    return send("DELETE", path, token, null, null);
  }

  Reply post(String path, String token, String body) {
    return send(
        "POST", path, token, body == null ? null : body.getBytes(StandardCharsets.UTF_8), null);
  }

  Reply send(String method, String path, String token, String body) {
    return send(
        method, path, token, body == null ? null : body.getBytes(StandardCharsets.UTF_8), null);
  }

  Reply send(String method, String path, String token, byte[] body, String contentType) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      b.header("Content-Type", contentType == null ? "application/json" : contentType);
      b.method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    try {
      HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      String text = new String(r.body(), StandardCharsets.UTF_8);
      seen.add(new Seen(method, path, r.statusCode(), text));
      return new Reply(r.statusCode(), r, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
