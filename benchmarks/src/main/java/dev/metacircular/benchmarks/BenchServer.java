package dev.metacircular.benchmarks;

import dev.metacircular.crypto.TlsCertificates;
import dev.metacircular.domain.identity.IdentityCore;
import dev.metacircular.domain.identity.IdentityStorage;
import dev.metacircular.rest.IdentityRestServer;
import dev.metacircular.rest.RestSettings;
import dev.metacircular.rest.SecureJavalin;
import dev.metacircular.rest.TlsSettings;
import dev.metacircular.sqlite.SqliteIdentityStorage;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The server side of {@link LoadMain}, run as a child process so that its memory and CPU can be
 * read from {@code /proc} apart from the client's. In one JVM it starts, on two ephemeral loopback
 * ports with the same self-signed certificate:
 *
 * <ol>
 *   <li>the real identity REST server ({@link IdentityRestServer}) over TLS, on SQLite in a fresh
 *       temporary directory, with one admin account (password hashed with the OWASP-minimum
 *       Argon2id parameters: setup, not the thing measured) and a token from a real login;
 *   <li>a bare endpoint {@code POST /bare} on {@link SecureJavalin} — the same TLS connector,
 *       plugins, security headers, body limit and access log — that reads the body and answers the
 *       exact bytes a successful validation answers. The difference between the two is the identity
 *       path itself: JSON parsing, token validation and JSON writing.
 * </ol>
 *
 * It prints {@code BENCH key=value} lines on standard output, ending with {@code BENCH ready}, and
 * then serves until its standard input closes (so it never outlives the client).
 *
 * <p>Options: {@code --tokens N} also issues N distinct service tokens and names the file that
 * holds them ({@code tokens_file}); {@code --cache-size N} sets the verification cache size.
 */
public final class BenchServer {
  private static final char[] KEY_STORE_PASSWORD = "bench-only-key-store".toCharArray();

  private BenchServer() {}

  public static void main(String[] argv) throws Exception {
    Args args = Args.parse(argv, Set.of("tokens", "cache-size", "login-argon2"), Set.of());
    if (args.has("login-argon2")) {
      serveLogins(LoginStormLoad.parseArgon2(args.string("login-argon2", "")));
      return;
    }
    int extraTokens = args.integer("tokens", 0);
    Integer cacheSize = args.has("cache-size") ? args.integer("cache-size", 0) : null;
    PrintStream out = System.out;

    Path dir = Files.createTempDirectory("mc-bench-");
    Path cert = dir.resolve("server.crt");
    Path key = dir.resolve("server.key");
    TlsCertificates.writePem(
        cert,
        key,
        TlsCertificates.selfSigned(
            "localhost", List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(2)));
    KeyStore keyStore = TlsCertificates.keyStoreFromPem(cert, key, KEY_STORE_PASSWORD);
    RestSettings settings =
        RestSettings.of("127.0.0.1", 0, new TlsSettings(keyStore, KEY_STORE_PASSWORD));

    SqliteIdentityStorage sqlite = SqliteIdentityStorage.open(dir.resolve("identity.db"));
    IdentityStorage storage =
        new IdentityStorage(
            sqlite.accounts(),
            sqlite.tokens(),
            sqlite.audit(),
            sqlite.policyRules(),
            sqlite.settings(),
            sqlite.transactions(),
            sqlite.ssoClients(),
            sqlite.authorizationCodes(),
            sqlite.passkeys(),
            sqlite.loginSources(),
            sqlite.recoveryCodes());
    IdentityFixture fixture = IdentityFixture.open(storage, cacheSize);
    IdentityCore core = fixture.core();
    String token = fixture.loginAdmin().token();
    Path tokensFile = null;
    if (extraTokens > 0) {
      tokensFile = dir.resolve("tokens.txt");
      Files.write(
          tokensFile, List.of(fixture.serviceTokens(extraTokens)), StandardCharsets.US_ASCII);
    }

    IdentityRestServer identity = IdentityRestServer.start(core.useCases(), settings);
    byte[] validAnswer = validateOnce(cert, identity.port(), token);
    Javalin bare = bareEndpoint(settings, validAnswer);

    // Let start-up garbage go before the client reads the idle RSS.
    System.gc();
    out.println("BENCH pid=" + ProcessHandle.current().pid());
    out.println("BENCH cert=" + cert);
    out.println("BENCH identity_port=" + identity.port());
    out.println("BENCH bare_port=" + bare.port());
    out.println("BENCH token=" + token);
    if (tokensFile != null) {
      out.println("BENCH tokens_file=" + tokensFile);
    }
    out.println("BENCH ready");
    out.flush();

    waitForEndOfInput(System.in);
    bare.stop();
    identity.close();
    fixture.close();
    sqlite.close();
    deleteTree(dir);
    System.exit(0);
  }

  /**
   * The login storm's server: only the identity REST server, its password hashes at {@code
   * hashing}, idle until the client's storm (nothing hashed at that cost before). Prints the file
   * holding the admin's credentials (mode 0600, bench-only), the cap on concurrent hashes and the
   * heap bound.
   */
  private static void serveLogins(dev.metacircular.crypto.Argon2Parameters hashing)
      throws Exception {
    PrintStream out = System.out;
    Path dir = Files.createTempDirectory("mc-bench-login-");
    Path cert = dir.resolve("server.crt");
    Path key = dir.resolve("server.key");
    TlsCertificates.writePem(
        cert,
        key,
        TlsCertificates.selfSigned(
            "localhost", List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(2)));
    KeyStore keyStore = TlsCertificates.keyStoreFromPem(cert, key, KEY_STORE_PASSWORD);
    RestSettings settings =
        RestSettings.of("127.0.0.1", 0, new TlsSettings(keyStore, KEY_STORE_PASSWORD));
    SqliteIdentityStorage sqlite = SqliteIdentityStorage.open(dir.resolve("identity.db"));
    IdentityStorage storage =
        new IdentityStorage(
            sqlite.accounts(),
            sqlite.tokens(),
            sqlite.audit(),
            sqlite.policyRules(),
            sqlite.settings(),
            sqlite.transactions(),
            sqlite.ssoClients(),
            sqlite.authorizationCodes(),
            sqlite.passkeys(),
            sqlite.loginSources(),
            sqlite.recoveryCodes());
    IdentityFixture fixture = IdentityFixture.forLogins(storage, hashing);
    IdentityCore core = fixture.core();
    Path credentials = dir.resolve("login.json");
    Files.createFile(
        credentials,
        java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
            java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
    char[] password = fixture.adminPassword();
    try {
      Files.writeString(credentials, LoginStormLoad.loginBody(IdentityFixture.ADMIN, password));
    } finally {
      java.util.Arrays.fill(password, '\0');
    }
    IdentityRestServer identity = IdentityRestServer.start(core.useCases(), settings);
    System.gc();
    out.println("BENCH pid=" + ProcessHandle.current().pid());
    out.println("BENCH cert=" + cert);
    out.println("BENCH identity_port=" + identity.port());
    out.println("BENCH login_file=" + credentials);
    // The core's cap on concurrent hashes (PasswordHashing.perProcessor).
    out.println("BENCH hash_cap=" + Runtime.getRuntime().availableProcessors());
    out.println("BENCH max_heap_mib=" + (Runtime.getRuntime().maxMemory() >> 20));
    out.println("BENCH java=" + System.getProperty("java.runtime.version"));
    out.println("BENCH ready");
    out.flush();

    waitForEndOfInput(System.in);
    identity.close();
    fixture.close();
    sqlite.close();
    deleteTree(dir);
    System.exit(0);
  }

  /**
   * The body a successful validation of {@code token} answers, so {@code /bare} answers the same.
   */
  private static byte[] validateOnce(Path cert, int port, String token)
      throws IOException, InterruptedException {
    HttpClient client = TlsClient.trusting(cert);
    HttpResponse<byte[]> response =
        client.send(
            HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/v1/token/validate"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(LoadMain.validateBody(token)))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    String body = new String(response.body(), StandardCharsets.UTF_8);
    if (response.statusCode() != 200 || !body.contains(LoadMain.VALID_MARKER)) {
      throw new IllegalStateException(
          "the identity server did not validate its own token: HTTP " + response.statusCode());
    }
    return response.body();
  }

  private static void waitForEndOfInput(InputStream in) throws IOException {
    byte[] buffer = new byte[256];
    while (in.read(buffer) >= 0) {
      // Nothing is expected on standard input; end of input is the signal to stop.
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("bench server: could not delete " + dir + ": " + e.getMessage());
    }
  }

  /**
   * The baseline: {@code POST /bare} on the same TLS settings, reading the body and answering a
   * recorded response of the measured endpoint, so both carry the same bytes.
   */
  static Javalin bareEndpoint(RestSettings settings, byte[] recordedAnswer) {
    return SecureJavalin.create(
            settings,
            config ->
                config.routes.post(
                    "/bare",
                    ctx -> {
                      ctx.bodyAsBytes();
                      ctx.status(200).contentType("application/json").result(recordedAnswer);
                    }))
        .start();
  }
}
