package dev.metacircular.apps.dev;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metacircular.apps.cli.Run;
import dev.metacircular.crypto.Argon2Parameters;
import dev.metacircular.crypto.TlsCertificates;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevPlatformTest {
  static final Pattern PASSWORD = Pattern.compile("(?m)^ +password: ([A-Z2-7]{24})");
  static final Pattern SEAL_PASSWORD = Pattern.compile("seal password: ([A-Z2-7]{24})");

  private static DevPlatform start(Path dataDir, StringWriter out) {
    return DevPlatform.start(
        new DevPlatform.Options(
            dataDir,
            0,
            0,
            s -> s.withPasswordHashing(Argon2Parameters.OWASP_MINIMUM),
            Clock.systemUTC()),
        new PrintWriter(out, true));
  }

  private static HttpResponse<String> get(HttpClient http, String url, String token)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(HttpClient http, String url, String token, Object body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(new ObjectMapper().writeValueAsString(body)));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theFirstStartPrintsTheAdminPasswordOnceAndItLogsIn(@TempDir Path tmp) throws Exception {
    Path data = tmp.resolve("data");
    StringWriter first = new StringWriter();
    String password;
    String cipherBetweenStarts;
    int port;
    try (DevPlatform platform = start(data, first)) {
      port = platform.port();
      Matcher m = PASSWORD.matcher(first.toString());
      assertThat(m.find()).as(first.toString()).isTrue();
      password = m.group(1);
      assertThat(m.find()).isFalse();
      assertThat(first.toString())
          .contains("https://127.0.0.1:" + port + "/v1/health")
          .contains("curl --cacert " + data.resolve("ca.pem"))
          .contains("account set-password --id");

      HttpClient http = client(data.resolve("ca.pem"));
      HttpResponse<String> health =
          http.send(
              HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/v1/health"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> login =
          http.send(
              HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/v1/auth/login"))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          new ObjectMapper()
                              .writeValueAsString(
                                  Map.of("username", "admin", "password", password))))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
      assertThat(new ObjectMapper().readTree(login.body()).get("token").asText()).isNotBlank();

      // The crypto service: initialized, unsealed, seal password shown once, transit mounted.
      Matcher seal = SEAL_PASSWORD.matcher(first.toString());
      assertThat(seal.find()).as(first.toString()).isTrue();
      assertThat(seal.find()).isFalse();
      String crypto = "https://127.0.0.1:" + platform.cryptoPort();
      assertThat(first.toString()).contains(crypto + "/v1/status");
      assertThat(get(http, crypto + "/v1/status", null).body())
          .isEqualTo("{\"state\":\"unsealed\"}");
      String token =
          new ObjectMapper()
              .readTree(
                  post(
                          http,
                          crypto + "/v1/auth/login",
                          null,
                          Map.of("username", "admin", "password", password))
                      .body())
              .get("token")
              .asText();
      assertThat(
              post(
                      http,
                      crypto + "/v1/engine/request",
                      token,
                      Map.of(
                          "mount",
                          "transit",
                          "operation",
                          "create-key",
                          "data",
                          Map.of("name", "dev", "type", "aes256-gcm")))
                  .statusCode())
          .isEqualTo(200);
      String ciphertext =
          new ObjectMapper()
              .readTree(
                  post(
                          http,
                          crypto + "/v1/engine/request",
                          token,
                          Map.of(
                              "mount",
                              "transit",
                              "operation",
                              "encrypt",
                              "data",
                              Map.of("key", "dev", "plaintext", "aGVsbG8=")))
                      .body())
              .get("data")
              .get("ciphertext")
              .asText();
      assertThat(ciphertext).startsWith("metacrypt:v1:");
      cipherBetweenStarts = ciphertext;
    }
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(data.resolve("seal.password"))))
        .isEqualTo("rw-------");

    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(data.resolve("master.key"))))
        .isEqualTo("rw-------");
    assertThat(Files.size(data.resolve("master.key"))).isEqualTo(32);
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(data.resolve("tls").resolve("identity.key"))))
        .isEqualTo("rw-------");
    assertThat(data.resolve("mcias.db")).isRegularFile();
    byte[] certBefore = Files.readAllBytes(data.resolve("ca.pem"));
    byte[] servedBefore = Files.readAllBytes(data.resolve("tls").resolve("identity.crt"));
    byte[] keyBefore = Files.readAllBytes(data.resolve("master.key"));

    StringWriter second = new StringWriter();
    try (DevPlatform platform = start(data, second)) {
      assertThat(PASSWORD.matcher(second.toString()).find()).isFalse();
      assertThat(SEAL_PASSWORD.matcher(second.toString()).find()).isFalse();
      HttpClient http = client(data.resolve("ca.pem"));
      String crypto = "https://127.0.0.1:" + platform.cryptoPort();
      assertThat(get(http, crypto + "/v1/status", null).body())
          .isEqualTo("{\"state\":\"unsealed\"}");
      String token =
          new ObjectMapper()
              .readTree(
                  post(
                          http,
                          crypto + "/v1/auth/login",
                          null,
                          Map.of("username", "admin", "password", password))
                      .body())
              .get("token")
              .asText();
      HttpResponse<String> decrypted =
          post(
              http,
              crypto + "/v1/engine/request",
              token,
              Map.of(
                  "mount",
                  "transit",
                  "operation",
                  "decrypt",
                  "data",
                  Map.of("key", "dev", "ciphertext", cipherBetweenStarts)));
      assertThat(decrypted.body()).contains("\"plaintext\":\"aGVsbG8=\"");

      // SSO works out of the box: the metacrypt client is registered for this start's callback
      // and its (rotated) secret is in the file the crypto config names.
      Path secretFile = data.resolve("metacrypt-sso.secret");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secretFile)))
          .isEqualTo("rw-------");
      assertThat(Files.readString(data.resolve("metacrypt.toml")))
          .contains("client_secret_file = \"" + secretFile + "\"");
      String identity = "https://127.0.0.1:" + platform.port();
      String adminToken =
          new ObjectMapper()
              .readTree(
                  post(
                          http,
                          identity + "/v1/auth/login",
                          null,
                          Map.of("username", "admin", "password", password))
                      .body())
              .get("token")
              .asText();
      String callback = "https://localhost:" + platform.cryptoPort() + "/sso/callback";
      String code =
          new ObjectMapper()
              .readTree(
                  post(
                          http,
                          identity + "/v1/sso/authorize",
                          adminToken,
                          Map.of("client_id", "metacrypt", "redirect_uri", callback))
                      .body())
              .get("code")
              .asText();
      HttpResponse<String> exchanged =
          http.send(
              HttpRequest.newBuilder(URI.create(identity + "/v1/sso/token"))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "grant_type=authorization_code&code="
                              + code
                              + "&redirect_uri="
                              + java.net.URLEncoder.encode(
                                  callback, java.nio.charset.StandardCharsets.UTF_8)
                              + "&client_id=metacrypt&client_secret="
                              + Files.readString(secretFile)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(exchanged.statusCode()).as(exchanged.body()).isEqualTo(200);
      assertThat(second.toString())
          .doesNotContain(password)
          .contains("admin account already exists")
          .contains("account set-password --id")
          .contains("https://127.0.0.1:" + platform.port() + "/v1/health");
    }
    // Idempotent: the same CA, and the certificates (far from renewal) were not issued again.
    assertThat(Files.readAllBytes(data.resolve("ca.pem"))).isEqualTo(certBefore);
    assertThat(Files.readAllBytes(data.resolve("tls").resolve("identity.crt")))
        .isEqualTo(servedBefore);
    assertThat(Files.readAllBytes(data.resolve("master.key"))).isEqualTo(keyBefore);

    // The generated config drives the offline tool against the dev database.
    Run.Result accounts =
        Run.mc(
            Map.of(),
            "mcias",
            "db",
            "--config",
            data.resolve("mcias.toml").toString(),
            "account",
            "list");
    assertThat(accounts.exitCode()).as(accounts.err()).isZero();
    assertThat(accounts.out()).contains("admin", "human");
    Run.Result audit =
        Run.mc(
            Map.of(),
            "mcias",
            "db",
            "--config",
            data.resolve("mcias.toml").toString(),
            "audit",
            "tail",
            "--json");
    assertThat(audit.out()).contains("\"actor\":\"mc-dev\"").doesNotContain(password);
  }

  @Test
  void generatedPasswordsAreTwentyFourBase32Characters() {
    char[] a = DevPasswords.generate();
    char[] b = DevPasswords.generate();

    assertThat(new String(a)).matches("[A-Z2-7]{24}");
    assertThat(a).isNotEqualTo(b);
  }

  static HttpClient client(Path cert) throws Exception {
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(TlsCertificates.trustStoreFromPem(cert));
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(10)).build();
  }
}
