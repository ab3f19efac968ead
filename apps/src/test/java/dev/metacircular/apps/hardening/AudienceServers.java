package dev.metacircular.apps.hardening;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metacircular.apps.config.MasterKeyFile;
import dev.metacircular.apps.config.McIasConfig;
import dev.metacircular.apps.config.McIasConfigLoader;
import dev.metacircular.apps.config.MetacryptConfig;
import dev.metacircular.apps.config.MetacryptConfigLoader;
import dev.metacircular.apps.crypto.CryptoServer;
import dev.metacircular.apps.crypto.LocalCrypto;
import dev.metacircular.apps.identity.IdentityServer;
import dev.metacircular.crypto.Argon2Parameters;
import dev.metacircular.crypto.SecureRandoms;
import dev.metacircular.crypto.TlsCertificates;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.identity.Account;
import dev.metacircular.ports.identity.in.CreateAccountCommand;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The real identity server (REST, web and gRPC doors over TLS on free loopback ports, SQLite in a
 * temporary directory, configured from TOML like the executable) and, on demand, the real crypto
 * server delegating to it over REST, for the token audience and session regression tests.
 */
final class AudienceServers implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String PASSWORD = "correct horse battery staple";
  static final Caller SETUP = Caller.offlineTool("test-setup");

  final Path dir;
  final IdentityServer identity;
  final HttpClient http;
  private final Path cert;
  private final SSLContext ssl;
  private final X509Certificate ca;
  private CryptoServer crypto;

  /** A response with its body, parsed when asked. */
  record Reply(int status, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }
  }

  /**
   * @param tokensToml more keys for the {@code [tokens]} table (e.g. {@code max_session_lifetime =
   *     "2h"}), or empty
   */
  AudienceServers(Path dir, Clock clock, String tokensToml) {
    this.dir = dir;
    try {
      cert = dir.resolve("tls.crt");
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
                  "[server]\nlisten_addr = \"127.0.0.1:0\"\ngrpc_addr = \"127.0.0.1:0\"\n"
                      + "tls_cert = \""
                      + cert
                      + "\"\ntls_key = \""
                      + key
                      + "\"\n"
                      + "[database]\npath = \""
                      + dir.resolve("mcias.db")
                      + "\"\n"
                      + "[tokens]\nissuer = \"https://test.example\"\n"
                      + tokensToml
                      + "\n"
                      + "[master_key]\nkeyfile = \""
                      + masterKey
                      + "\"\n",
                  dir.resolve("mcias.toml"));
      identity =
          IdentityServer.start(
              config,
              Map.of(),
              clock,
              s ->
                  s.withPasswordHashing(Argon2Parameters.OWASP_MINIMUM)
                      .withMasterKeyKdf(Argon2Parameters.OWASP_MINIMUM)
                      .withLoginRate(10_000, 10_000));
      KeyStore trust = TlsCertificates.trustStoreFromPem(cert);
      ca = (X509Certificate) trust.getCertificate(trust.aliases().nextElement());
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      ssl = SSLContext.getInstance("TLS");
      ssl.init(null, tmf.getTrustManagers(), null);
      http = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(10)).build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  AudienceServers(Path dir) {
    this(dir, Clock.systemUTC(), "");
  }

  Account human(String username, Role... roles) {
    return identity
        .core()
        .accounts()
        .create(
            SETUP,
            new CreateAccountCommand(
                username, AccountType.HUMAN, PASSWORD.toCharArray(), Set.of(roles)));
  }

  Account system(String username) {
    return identity
        .core()
        .accounts()
        .create(
            SETUP, new CreateAccountCommand(username, AccountType.SYSTEM, null, Set.of(Role.USER)));
  }

  /** The identity server's TLS certificate (PEM), for clients to trust. */
  Path cert() {
    return cert;
  }

  URI identityUri(String path) {
    return URI.create("https://127.0.0.1:" + identity.port() + path);
  }

  /** A REST login at the identity service; {@code serviceName} null sends none. */
  String login(String username, String serviceName) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("username", username);
    body.put("password", PASSWORD);
    if (serviceName != null) {
      body.put("service_name", serviceName);
    }
    Reply r = post("/v1/auth/login", null, body);
    if (r.status() != 200) {
      throw new AssertionError("login failed: " + r.status() + " " + r.body());
    }
    return r.json().get("token").asText();
  }

  Reply get(String path, String token) {
    return send(identityUri(path), "GET", token, null);
  }

  Reply post(String path, String token, Object body) {
    return send(identityUri(path), "POST", token, body);
  }

  Reply send(String method, String path, String token, Object body) {
    return send(identityUri(path), method, token, body);
  }

  Reply send(URI uri, String method, String token, Object body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    try {
      if (body != null) {
        b.header("Content-Type", "application/json");
        b.method(
            method,
            HttpRequest.BodyPublishers.ofString(
                body instanceof String s ? s : JSON.writeValueAsString(body)));
      } else {
        b.method(method, HttpRequest.BodyPublishers.noBody());
      }
      HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Reply(r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A TLS channel to the identity service's gRPC door. */
  ManagedChannel identityChannel() {
    return channel(identity.grpcPort());
  }

  ManagedChannel channel(int port) {
    try {
      return NettyChannelBuilder.forAddress("127.0.0.1", port)
          .sslContext(GrpcSslContexts.forClient().trustManager(ca).build())
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void shutdown(ManagedChannel channel) {
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** {@code stub} sending {@code token} as its bearer. */
  static <S extends AbstractStub<S>> S bearer(S stub, String token) {
    Metadata headers = new Metadata();
    headers.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
    return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  /**
   * The real crypto service, named {@code metacrypt}, delegating to this identity service over REST
   * (validation answers cached 0 s so revocations show at once), initialized and unsealed.
   */
  CryptoServer crypto() {
    if (crypto != null) {
      return crypto;
    }
    try {
      Path file = dir.resolve("metacrypt.toml");
      Files.writeString(
          file,
          "[server]\nlisten_addr = \"127.0.0.1:0\"\ngrpc_addr = \"127.0.0.1:0\"\n"
              + "tls_cert = \""
              + cert
              + "\"\ntls_key = \""
              + dir.resolve("tls.key")
              + "\"\n"
              + "[database]\npath = \""
              + dir.resolve("metacrypt.db")
              + "\"\n"
              + "[mcias]\nserver_url = \"https://127.0.0.1:"
              + identity.port()
              + "\"\n"
              + "ca_cert = \""
              + cert
              + "\"\nservice_name = \"metacrypt\"\n"
              + "[seal]\nargon2_time = 1\nargon2_memory_kib = 8192\nargon2_threads = 1\n");
      MetacryptConfig config = new MetacryptConfigLoader(Map.of(), List.of()).load(file);
      crypto = CryptoServer.start(config, LocalCrypto.remoteIdentity(config), Clock.systemUTC());
      Reply init =
          send(cryptoUri("/v1/init"), "POST", null, Map.of("password", "a long seal password"));
      if (init.status() != 200) {
        throw new AssertionError("init failed: " + init.status() + " " + init.body());
      }
      return crypto;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  URI cryptoUri(String path) {
    return URI.create("https://127.0.0.1:" + crypto().port() + path);
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
