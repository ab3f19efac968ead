package dev.metacircular.benchmarks;

import dev.metacircular.crypto.TlsCertificates;
import dev.metacircular.crypto.x509.CertificateKeyType;
import dev.metacircular.crypto.x509.Pem;
import dev.metacircular.domain.crypto.CryptoCore;
import dev.metacircular.domain.delegation.DelegatedAuthenticator;
import dev.metacircular.domain.delegation.InProcessIdentityProvider;
import dev.metacircular.domain.identity.IdentityStorage;
import dev.metacircular.domain.seal.SealSettings;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.pki.in.CreateIssuer;
import dev.metacircular.ports.pki.in.IssuedCertificate;
import dev.metacircular.ports.pki.in.PkiOperations;
import dev.metacircular.ports.pki.in.SignCsr;
import dev.metacircular.rest.CryptoRestServer;
import dev.metacircular.rest.RestSettings;
import dev.metacircular.rest.TlsSettings;
import dev.metacircular.sqlite.SqliteCryptoStorage;
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
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * The server side of {@link CryptoLoadMain}, run as a child process so that its memory and CPU can
 * be read from {@code /proc} apart from the client's. In one JVM it starts, on two ephemeral
 * loopback ports with the same self-signed certificate:
 *
 * <ol>
 *   <li>the real crypto REST server ({@link CryptoRestServer}) over TLS, on SQLite in a fresh
 *       temporary directory, wired as dev mode wires it: authentication delegated to an identity
 *       core in the same process ({@link InProcessIdentityProvider} over an identity core in
 *       memory, or on SQLite as in dev mode with {@code --identity sqlite}). The barrier is
 *       initialized with the default seal parameters, sealed and unsealed again (as after a
 *       restart), a transit engine is mounted at {@code transit} with an {@code aes256-gcm} key
 *       {@code k}, and an ACL rule lets the identity's system account encrypt with it;
 *   <li>a bare endpoint {@code POST /bare} on {@link SecureJavalin} — the same TLS connector,
 *       plugins, security headers, body limit and access log — that reads the body and answers the
 *       exact bytes a successful encryption answered. The difference between the two is the crypto
 *       path itself: JSON, token validation, the ACL, transit and base64.
 * </ol>
 *
 * It prints {@code BENCH key=value} lines (the tokens of the system account and of the admin, the
 * ports, the certificate, the unseal time), ending with {@code BENCH ready}, and then serves until
 * its standard input closes (so it never outlives the client).
 *
 * <p>Options: {@code --identity memory|sqlite} (memory); {@code --cheap-seal} initializes with a
 * cheap seal KDF instead of the default (t=3, 128 MiB, 4 lanes), which also changes the idle RSS;
 * {@code --operation ocsp} also mounts a CA at {@value #PKI_MOUNT} (P-384 root and issuer, as in
 * {@link CaSignBenchmark}), signs one CSR, and has {@code /bare} answer the OCSP response to a
 * request for that certificate (printed as {@code ocsp_request}, base64) instead of an encryption.
 */
public final class CryptoBenchServer {
  private static final char[] KEY_STORE_PASSWORD = "bench-only-key-store".toCharArray();
  static final String PKI_MOUNT = "pki";

  private CryptoBenchServer() {}

  public static void main(String[] argv) throws Exception {
    Args args = Args.parse(argv, Set.of("identity", "operation"), Set.of("cheap-seal"));
    boolean ocsp = args.string("operation", "encrypt").equals("ocsp");
    String identityStorage = args.string("identity", "memory");
    SealSettings sealSettings =
        args.flag("cheap-seal") ? CryptoFixture.CHEAP_SEAL : SealSettings.DEFAULTS;
    PrintStream out = System.out;

    Path dir = Files.createTempDirectory("mc-bench-crypto-");
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

    SqliteIdentityStorage identitySqlite = null;
    IdentityStorage storage;
    if (identityStorage.equals("sqlite")) {
      identitySqlite = SqliteIdentityStorage.open(dir.resolve("identity.db"));
      storage =
          new IdentityStorage(
              identitySqlite.accounts(),
              identitySqlite.tokens(),
              identitySqlite.audit(),
              identitySqlite.policyRules(),
              identitySqlite.settings(),
              identitySqlite.transactions(),
              identitySqlite.ssoClients(),
              identitySqlite.authorizationCodes(),
              identitySqlite.passkeys(),
              identitySqlite.loginSources(),
              identitySqlite.recoveryCodes());
    } else if (identityStorage.equals("memory")) {
      storage = IdentityStorage.inMemory();
    } else {
      throw new IllegalArgumentException("--identity is sqlite or memory, not " + identityStorage);
    }
    IdentityFixture identity = IdentityFixture.open(storage, null);
    String adminToken = identity.loginAdmin().token();
    String serviceToken = identity.serviceTokens(1, "metacrypt")[0];

    SqliteCryptoStorage cryptoSqlite = SqliteCryptoStorage.open(dir.resolve("metacrypt.db"));
    CryptoFixture crypto =
        CryptoFixture.open(
            cryptoSqlite.physical(),
            cryptoSqlite.audit(),
            new DelegatedAuthenticator(
                InProcessIdentityProvider.over(identity.core(), "metacrypt", List.of())),
            sealSettings);
    CryptoCore core = crypto.core();
    // As after a restart: sealed, then unsealed with the password.
    core.seal().seal(Caller.offlineTool("bench"));
    long unsealStart = System.nanoTime();
    core.seal().unseal(crypto.password(), "127.0.0.1");
    long unsealNanos = System.nanoTime() - unsealStart;

    CryptoRestServer rest = CryptoRestServer.start(core.useCases(), settings);
    byte[] plaintext = new byte[TransitBenchmark.SIZE];
    new SecureRandom().nextBytes(plaintext);
    byte[] encryptAnswer =
        encryptOnce(
            cert,
            rest.port(),
            serviceToken,
            CryptoLoadMain.encryptBody(Base64.getEncoder().encodeToString(plaintext)));
    byte[] ocspRequest = ocsp ? ocspRequest(core) : null;
    Javalin bare =
        BenchServer.bareEndpoint(
            settings, ocsp ? ocspOnce(cert, rest.port(), ocspRequest) : encryptAnswer);

    // Let start-up garbage (the seal KDF's memory included) go before the client reads the idle
    // RSS.
    System.gc();
    out.println("BENCH pid=" + ProcessHandle.current().pid());
    out.println("BENCH cert=" + cert);
    out.println("BENCH crypto_port=" + rest.port());
    out.println("BENCH bare_port=" + bare.port());
    out.println("BENCH service_token=" + serviceToken);
    out.println("BENCH admin_token=" + adminToken);
    out.println("BENCH identity=" + identityStorage);
    out.println("BENCH seal_kdf=" + sealSettings.kdf());
    out.println("BENCH unseal_ms=" + unsealNanos / 1_000_000);
    if (ocsp) {
      out.println("BENCH ocsp_request=" + Base64.getEncoder().encodeToString(ocspRequest));
    }
    out.println("BENCH ready");
    out.flush();

    waitForEndOfInput(System.in);
    bare.stop();
    rest.close();
    crypto.close();
    cryptoSqlite.close();
    identity.close();
    if (identitySqlite != null) {
      identitySqlite.close();
    }
    TempDirs.deleteTree(dir);
    System.exit(0);
  }

  /** The body a successful encryption answers, so {@code /bare} answers the same bytes. */
  private static byte[] encryptOnce(Path cert, int port, String token, String body)
      throws IOException, InterruptedException {
    HttpClient client = TlsClient.trusting(cert);
    HttpResponse<byte[]> response =
        client.send(
            HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + port + CryptoLoadMain.ENCRYPT_PATH))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    String answer = new String(response.body(), StandardCharsets.UTF_8);
    if (response.statusCode() != 200 || !answer.contains(CryptoLoadMain.CIPHERTEXT_MARKER)) {
      throw new IllegalStateException(
          "the crypto server did not encrypt for its own token: HTTP "
              + response.statusCode()
              + " "
              + answer);
    }
    return response.body();
  }

  /**
   * A CA mounted at {@value #PKI_MOUNT}, one certificate signed, and the DER of an OCSP request for
   * it (SHA-1 CertID as OpenSSL and browsers send, no nonce).
   */
  private static byte[] ocspRequest(CryptoCore core) throws Exception {
    Caller admin = CryptoFixture.ADMIN;
    core.mounts()
        .mount(
            admin,
            PKI_MOUNT,
            PkiOperations.TYPE,
            Map.of("root_common_name", "Bench Root", "root_key_type", "ec-p384"));
    var engines = core.operations();
    engines.run(
        admin,
        PKI_MOUNT,
        PkiOperations.CREATE_ISSUER,
        new CreateIssuer("infra", "Bench CA", "ec-p384", null));
    engines.run(admin, PKI_MOUNT, PkiOperations.CREATE_ROLE, CaSignBenchmark.webRole());
    IssuedCertificate issued =
        engines.run(
            admin,
            PKI_MOUNT,
            PkiOperations.SIGN,
            new SignCsr(
                "web",
                CaSignBenchmark.csr(CertificateKeyType.EC_P256.generate()),
                null,
                null,
                null));
    X509Certificate issuer = Pem.certificates(issued.issuingCa()).get(0);
    return new OCSPReqBuilder()
        .addRequest(
            new CertificateID(
                new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
                new JcaX509CertificateHolder(issuer),
                issued.serialNumber().value()))
        .build()
        .getEncoded();
  }

  /** The OCSP response the server answers to {@code request} (checked to be a successful one). */
  private static byte[] ocspOnce(Path cert, int port, byte[] request)
      throws IOException, InterruptedException {
    HttpResponse<byte[]> response =
        TlsClient.trusting(cert)
            .send(
                HttpRequest.newBuilder(
                        URI.create("https://127.0.0.1:" + port + CryptoLoadMain.OCSP_PATH))
                    .header("Content-Type", "application/ocsp-request")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(request))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200
        || new OCSPResp(response.body()).getStatus() != OCSPResp.SUCCESSFUL) {
      throw new IllegalStateException(
          "the crypto server did not answer the OCSP request: HTTP " + response.statusCode());
    }
    return response.body();
  }

  private static void waitForEndOfInput(InputStream in) throws IOException {
    byte[] buffer = new byte[256];
    while (in.read(buffer) >= 0) {
      // Nothing is expected on standard input; end of input is the signal to stop.
    }
  }
}
