package dev.metacircular.apps.hardening;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metacircular.apps.dev.DevPlatform;
import dev.metacircular.crypto.Argon2Parameters;
import dev.metacircular.crypto.TlsCertificates;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Both services as {@code mc dev} runs them (identity and crypto, REST, gRPC and web on real TLS,
 * SQLite files in a temporary directory), with an admin and a plain user, for the refusal audit
 * door tests: each test refuses something at a door and reads the service's audit log back through
 * the REST API as the admin.
 */
final class RefusalAuditPlatform implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String USER = "alice";
  static final String USER_PASSWORD = "alice's long password";
  private static final Pattern PASSWORD = Pattern.compile("(?m)^ +password: ([A-Z2-7]{24})");

  final DevPlatform platform;
  final Path data;
  final String adminPassword;
  private final HttpClient http;
  private final X509Certificate ca;
  private final List<ManagedChannel> channels = new ArrayList<>();

  /** One response: status and body. */
  record Reply(int status, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }
  }

  RefusalAuditPlatform(Path dir) {
    this.data = dir.resolve("data");
    StringWriter out = new StringWriter();
    platform =
        DevPlatform.start(
            new DevPlatform.Options(
                data,
                0,
                0,
                s -> s.withPasswordHashing(Argon2Parameters.OWASP_MINIMUM),
                Clock.systemUTC()),
            new PrintWriter(out, true));
    Matcher m = PASSWORD.matcher(out.toString());
    if (!m.find()) {
      platform.close();
      throw new AssertionError("no admin password in: " + out);
    }
    adminPassword = m.group(1);
    try {
      Path cert = data.resolve("ca.pem");
      KeyStore trust = TlsCertificates.trustStoreFromPem(cert);
      ca = (X509Certificate) trust.getCertificate(trust.aliases().nextElement());
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(null, tmf.getTrustManagers(), null);
      http =
          HttpClient.newBuilder()
              .sslContext(ssl)
              .followRedirects(HttpClient.Redirect.NEVER)
              .connectTimeout(Duration.ofSeconds(10))
              .build();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    String admin = identityLogin("admin", adminPassword);
    Reply created =
        identity(
            "POST",
            "/v1/accounts",
            admin,
            Map.of(
                "username",
                USER,
                "account_type",
                "human",
                "password",
                USER_PASSWORD,
                "roles",
                List.of("user")));
    if (created.status() != 201 && created.status() != 200) {
      throw new AssertionError("cannot create " + USER + ": " + created);
    }
  }

  String identityLogin(String username, String password) {
    Reply r =
        identity(
            "POST", "/v1/auth/login", null, Map.of("username", username, "password", password));
    if (r.status() != 200) {
      throw new AssertionError("login of " + username + " failed: " + r);
    }
    return r.json().get("token").asText();
  }

  String cryptoLogin(String username, String password) {
    Reply r =
        crypto("POST", "/v1/auth/login", null, Map.of("username", username, "password", password));
    if (r.status() != 200) {
      throw new AssertionError("crypto login of " + username + " failed: " + r);
    }
    return r.json().get("token").asText();
  }

  String identityBase() {
    return "https://127.0.0.1:" + platform.port();
  }

  String cryptoBase() {
    return "https://127.0.0.1:" + platform.cryptoPort();
  }

  Reply identity(String method, String path, String token, Object body) {
    return send(identityBase(), method, path, token, body);
  }

  Reply crypto(String method, String path, String token, Object body) {
    return send(cryptoBase(), method, path, token, body);
  }

  /** Sends with the raw Authorization header value (or none). */
  Reply sendRaw(String base, String method, String path, String authorization) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return exchange(b.build());
  }

  private Reply send(String base, String method, String path, String token, Object body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    try {
      if (body == null) {
        b.method(method, HttpRequest.BodyPublishers.noBody());
      } else {
        b.header("Content-Type", "application/json");
        b.method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return exchange(b.build());
  }

  private Reply exchange(HttpRequest request) {
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The {@code request_refused} entries of a service's audit log, oldest first, read as admin. */
  List<JsonNode> refusals(String base, String adminToken) {
    Reply r = send(base, "GET", "/v1/audit?type=request_refused&limit=1000", adminToken, null);
    if (r.status() != 200) {
      throw new AssertionError("audit query failed: " + r);
    }
    List<JsonNode> events = new ArrayList<>();
    r.json().get("events").forEach(events::add);
    java.util.Collections.reverse(events);
    return events;
  }

  /** The newest {@code request_refused} entry with this action, or an assertion error. */
  JsonNode lastRefusal(String base, String adminToken, String action) {
    List<JsonNode> all = refusals(base, adminToken);
    for (int i = all.size() - 1; i >= 0; i--) {
      if (action.equals(all.get(i).get("details").path("action").asText())) {
        return all.get(i);
      }
    }
    throw new AssertionError("no refusal of " + action + " in " + all);
  }

  ManagedChannel identityChannel() {
    return channel(platform.grpcPort());
  }

  ManagedChannel cryptoChannel() {
    return channel(platform.cryptoGrpcPort());
  }

  private ManagedChannel channel(int port) {
    try {
      ManagedChannel c =
          NettyChannelBuilder.forAddress("127.0.0.1", port)
              .sslContext(GrpcSslContexts.forClient().trustManager(ca).build())
              .build();
      channels.add(c);
      return c;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static <S extends AbstractStub<S>> S bearer(S stub, String token) {
    Metadata headers = new Metadata();
    headers.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
    return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  @Override
  public void close() {
    for (ManagedChannel c : channels) {
      c.shutdownNow();
    }
    platform.close();
  }
}
