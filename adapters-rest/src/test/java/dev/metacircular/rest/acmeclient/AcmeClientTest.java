package dev.metacircular.rest.acmeclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.crypto.TlsCertificates;
import dev.metacircular.domain.acme.AcmeServer;
import dev.metacircular.domain.embedded.EmbeddedPlatform;
import dev.metacircular.domain.memory.InMemoryAuditLog;
import dev.metacircular.http.acme.NetworkChallengeValidator;
import dev.metacircular.ports.acme.in.AcmeUseCase;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.client.CertificateNames;
import dev.metacircular.ports.crypto.in.CryptoUseCases;
import dev.metacircular.ports.pki.in.CreateIssuer;
import dev.metacircular.ports.pki.in.EabCredentials;
import dev.metacircular.ports.pki.in.IssuedCertificate;
import dev.metacircular.ports.pki.in.PkiOperations;
import dev.metacircular.ports.pki.in.RoleName;
import dev.metacircular.ports.pki.in.RoleSettings;
import dev.metacircular.rest.CryptoRestServer;
import dev.metacircular.rest.RestSettings;
import dev.metacircular.rest.TlsSettings;
import dev.metacircular.rest.acme.AcmeRoutes;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ACME client against the real ACME server in process (embedded core, the REST door on TLS, the
 * real network validator fetching HTTP-01 from the client's responder): a certificate with EAB, a
 * second one on the same account without the binding key, and the failures a server operator meets:
 * a refused binding, a name outside the role, a lost nonce, a CA that does not finish in time.
 */
class AcmeClientTest {
  private static final char[] SEAL = "acme client test seal password".toCharArray();
  private static final Caller ADMIN =
      new Caller(UUID.randomUUID(), "admin", Set.of(Role.ADMIN), AccountType.HUMAN, null, "");

  @TempDir static Path dir;

  static EmbeddedPlatform platform;
  static CryptoUseCases api;
  static CryptoRestServer server;
  static ExecutorService validations;
  static ServerSocket blackHole;
  static Path caFile;
  static int http01Port;

  @BeforeAll
  static void start() throws Exception {
    http01Port = freePort();
    blackHole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    platform = EmbeddedPlatform.inMemory().forTests().start();
    api = platform.crypto().useCases();
    api.seal().initialize(SEAL.clone());
    api.seal().unseal(SEAL.clone(), "");
    mount("pki", http01Port);
    // Validations of this mount connect to a port that accepts and never answers.
    mount("slow", blackHole.getLocalPort());
    validations = Executors.newFixedThreadPool(2);
    AcmeUseCase acme =
        AcmeServer.over(
            platform.crypto().barrier(),
            platform.crypto().engineRegistry(),
            new InMemoryAuditLog(),
            new NetworkChallengeValidator(),
            validations,
            Clock.systemUTC(),
            AcmeServer.Settings.DEFAULTS);
    TlsCertificates.SelfSigned tls =
        TlsCertificates.selfSigned(
            "localhost", List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(1));
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    char[] password = "test".toCharArray();
    store.setKeyEntry("server", tls.privateKey(), password, new Certificate[] {tls.certificate()});
    server =
        CryptoRestServer.start(
            api,
            RestSettings.of("127.0.0.1", 0, new TlsSettings(store, password)),
            AcmeRoutes.routes(acme));
    caFile = dir.resolve("tls-ca.pem");
    Files.writeString(caFile, pem(tls.certificate()), StandardCharsets.US_ASCII);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    platform.close();
    validations.shutdownNow();
    blackHole.close();
  }

  private static void mount(String name, int http01) {
    api.mounts()
        .mount(
            ADMIN,
            name,
            "ca",
            Map.of(
                "root_common_name",
                "Root " + name,
                "root_key_type",
                "ec-p256",
                "acme",
                Map.of("enabled", true, "http01_port", http01)));
    api.engines()
        .run(
            ADMIN,
            name,
            PkiOperations.CREATE_ISSUER,
            new CreateIssuer("infra", "Infra " + name, null, null));
    api.engines()
        .run(
            ADMIN,
            name,
            PkiOperations.CREATE_ROLE,
            RoleSettings.named("web")
                .issuer("infra")
                .allowedDomains(List.of("example.test"))
                .allowSubdomains(true)
                .allowBareDomains(true)
                .allowWildcard(false)
                .allowLocalhost(true)
                .allowIpSans(false)
                .keyType("any")
                .build());
  }

  static URI directory(String mount) {
    return URI.create("https://127.0.0.1:" + server.port() + "/acme/" + mount + "/web/directory");
  }

  static EabCredentials eab(String mount) {
    return api.engines().run(ADMIN, mount, PkiOperations.CREATE_EAB, new RoleName("web"));
  }

  static AcmeClient client(String mount, Path accountKey, EabCredentials eab, Duration timeout) {
    return AcmeClient.of(
        new AcmeClientSettings(
            directory(mount),
            caFile,
            eab == null ? null : eab.kid(),
            eab == null ? null : () -> eab.hmacKey().key().clone(),
            accountKey,
            new InetSocketAddress(http01Port),
            timeout));
  }

  @Test
  void aCertificateThroughHttp01WithEabThenASecondOnTheSameAccountWithoutTheBindingKey()
      throws Exception {
    Path accountKey = dir.resolve("account").resolve("acme-account.key");
    IssuedCertificate issued =
        client("pki", accountKey, eab("pki"), Duration.ofMinutes(1))
            .obtain(new CertificateNames("localhost", List.of("localhost"), List.of()));

    X509Certificate leaf = certificate(issued.certificate());
    assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
    List<Object> sans = new java.util.ArrayList<>();
    leaf.getSubjectAlternativeNames().forEach(san -> sans.add(san.get(1)));
    assertThat(sans).as("the common name once").containsExactly("localhost");
    X509Certificate issuer = certificate(issued.issuingCa());
    assertThat(issuer.getSubjectX500Principal().getName()).isEqualTo("CN=Infra pki");
    leaf.verify(issuer.getPublicKey());
    assertThat(issued.serialNumber().value()).isEqualTo(leaf.getSerialNumber());
    assertThat(issued.expiration()).isEqualTo(leaf.getNotAfter().toInstant());
    assertThat(keyMatches(issued, leaf)).as("the key generated here is the certificate's").isTrue();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(accountKey)))
        .isEqualTo("rw-------");

    // A renewal: the account is found by its kept key; the (single-use) binding key is not read.
    byte[] keptKey = Files.readAllBytes(accountKey);
    AcmeClient renewal =
        AcmeClient.of(
            new AcmeClientSettings(
                directory("pki"),
                caFile,
                "spent-kid",
                () -> {
                  throw new AssertionError("the binding key must not be read for a renewal");
                },
                accountKey,
                new InetSocketAddress(http01Port),
                Duration.ofMinutes(1)));
    IssuedCertificate second = renewal.obtain(new CertificateNames("localhost", null, null));
    assertThat(second.serialNumber()).isNotEqualTo(issued.serialNumber());
    assertThat(Files.readAllBytes(accountKey)).isEqualTo(keptKey);
  }

  @Test
  void aRefusedBindingIsOneLineWithTheProblemTypeAndDetail() {
    EabCredentials real = eab("pki");
    EabCredentials wrongKey =
        new EabCredentials(
            real.kid(),
            new dev.metacircular.ports.pki.in.EabKey(new byte[32]),
            real.role(),
            real.expiresAt());
    assertThatThrownBy(
            () ->
                client("pki", dir.resolve("refused.key"), wrongKey, Duration.ofMinutes(1))
                    .obtain(new CertificateNames("localhost", null, null)))
        .isInstanceOf(AcmeServerProblem.class)
        .hasMessageStartingWith("new-account refused: urn:ietf:params:acme:error:")
        .hasMessageNotContaining("\n");
    assertThatThrownBy(
            () ->
                client("pki", dir.resolve("no-eab.key"), null, Duration.ofMinutes(1))
                    .obtain(new CertificateNames("localhost", null, null)))
        .hasMessageContaining("requires external account binding and no EAB key id is configured");
  }

  @Test
  void aNameOutsideTheRoleIsRejectedIdentifierOnOneLine() {
    assertThatThrownBy(
            () ->
                client("pki", dir.resolve("outside.key"), eab("pki"), Duration.ofMinutes(1))
                    .obtain(new CertificateNames("evil.example.org", null, null)))
        .isInstanceOf(AcmeServerProblem.class)
        .hasMessage(
            "new-order refused: urn:ietf:params:acme:error:rejectedIdentifier: role web does not"
                + " allow the name evil.example.org")
        .satisfies(e -> assertThat(((AcmeServerProblem) e).is("rejectedIdentifier")).isTrue());
  }

  @Test
  void aBadNonceIsRetriedWithTheNonceTheRefusalCarries() {
    AcmeClient client = client("pki", dir.resolve("nonce.key"), eab("pki"), Duration.ofMinutes(1));
    AcmeSession session = client.session();
    var directory = session.get(directory("pki"), "directory").json();
    session.newNonceUrl(URI.create(directory.get("newNonce").asText()));
    URI newAccount = URI.create(directory.get("newAccount").asText());
    var existing = AcmeSession.JSON.createObjectNode().put("onlyReturnExisting", true);

    // A nonce the server never gave: badNonce, then the retry (with the nonce the refusal
    // carried) reaches the real answer; without the retry this would be badNonce.
    session.useNonce("bm90LWEtbm9uY2U");
    assertThatThrownBy(() -> session.postWithJwk(newAccount, existing, "new-account"))
        .isInstanceOf(AcmeServerProblem.class)
        .satisfies(e -> assertThat(((AcmeServerProblem) e).is("accountDoesNotExist")).isTrue());
  }

  @Test
  void aCaThatDoesNotFinishInTimeEndsTheRunWithTheStatusItWasIn() {
    long started = System.nanoTime();
    assertThatThrownBy(
            () ->
                client("slow", dir.resolve("slow.key"), eab("slow"), Duration.ofSeconds(2))
                    .obtain(new CertificateNames("localhost", null, null)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageMatching("ACME authorization still (pending|processing) after 2 s: gave up.*");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void theAccountKeyFileIsRefusedWhenOthersMayReadIt() throws Exception {
    Path key = dir.resolve("open.key");
    AccountKeyFile.loadOrCreate(key);
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> AccountKeyFile.loadOrCreate(key))
        .hasMessageContaining("must be 0600 or stricter");
  }

  private static boolean keyMatches(IssuedCertificate issued, X509Certificate leaf)
      throws Exception {
    String pem = issued.privateKey().text();
    byte[] der =
        Base64.getMimeDecoder()
            .decode(
                pem.replace("-----BEGIN PRIVATE KEY-----", "")
                    .replace("-----END PRIVATE KEY-----", ""));
    var key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
    Signature s = Signature.getInstance("SHA256withECDSA");
    s.initSign(key);
    s.update(new byte[] {1, 2, 3});
    byte[] signature = s.sign();
    s.initVerify(leaf.getPublicKey());
    s.update(new byte[] {1, 2, 3});
    return s.verify(signature);
  }

  static X509Certificate certificate(String pem) throws Exception {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
  }

  static String pem(X509Certificate certificate) throws Exception {
    return "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(certificate.getEncoded())
        + "\n-----END CERTIFICATE-----\n";
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
