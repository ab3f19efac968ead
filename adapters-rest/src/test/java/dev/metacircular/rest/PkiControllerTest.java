package dev.metacircular.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.domain.embedded.EmbeddedPlatform;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.crypto.in.CryptoUseCases;
import dev.metacircular.ports.pki.in.CertSerial;
import dev.metacircular.ports.pki.in.CreateIssuer;
import dev.metacircular.ports.pki.in.Issue;
import dev.metacircular.ports.pki.in.IssuedCertificate;
import dev.metacircular.ports.pki.in.PkiOperations;
import dev.metacircular.ports.pki.in.RoleSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ca} engine's public trust endpoints on a real TLS server over an embedded core,
 * checked by OpenSSL: {@code openssl verify} (chain and CRL), {@code openssl crl}, {@code openssl
 * ocsp} (a request made by OpenSSL, answered by our responder, the answer verified by OpenSSL).
 */
class PkiControllerTest {
  private static final char[] SEAL = "pki test seal password".toCharArray();
  private static final Caller ADMIN =
      new Caller(UUID.randomUUID(), "admin", Set.of(Role.ADMIN), AccountType.HUMAN, null, "");

  private static EmbeddedPlatform platform;
  private static CryptoRestServer server;
  private static HttpClient http;
  private static IssuedCertificate good;
  private static IssuedCertificate revoked;

  @TempDir static Path dir;

  @BeforeAll
  static void start() {
    platform = EmbeddedPlatform.inMemory().forTests().start();
    CryptoUseCases api = platform.crypto().useCases();
    api.seal().initialize(SEAL.clone());
    api.seal().unseal(SEAL.clone(), "");
    api.mounts()
        .mount(
            ADMIN,
            "pki",
            "ca",
            Map.of("root_common_name", "Test Root", "root_key_type", "ec-p256"));
    api.engines()
        .run(
            ADMIN,
            "pki",
            PkiOperations.CREATE_ISSUER,
            new CreateIssuer("infra", "Infra CA", null, null));
    api.engines()
        .run(
            ADMIN,
            "pki",
            PkiOperations.CREATE_ROLE,
            RoleSettings.named("web")
                .issuer("infra")
                .allowedDomains(List.of("example.test"))
                .allowSubdomains(true)
                .allowBareDomains(false)
                .allowWildcard(false)
                .build());
    good =
        api.engines()
            .run(
                ADMIN,
                "pki",
                PkiOperations.ISSUE,
                new Issue("web", "good.example.test", null, null, null, null));
    revoked =
        api.engines()
            .run(
                ADMIN,
                "pki",
                PkiOperations.ISSUE,
                new Issue("web", "gone.example.test", null, null, null, null));
    api.engines().run(ADMIN, "pki", PkiOperations.REVOKE, new CertSerial(revoked.serialNumber()));
    server = CryptoRestServer.start(api, TestTls.settings());
    http = HttpClient.newBuilder().sslContext(TestTls.clientContext()).build();
  }

  @AfterAll
  static void stop() {
    server.close();
    platform.close();
  }

  @Test
  void theRootChainAndIssuerArePublicPemThatOpensslVerifiesALeafWith() throws Exception {
    HttpResponse<byte[]> root = get("/v1/pki/pki/ca");
    assertThat(root.statusCode()).isEqualTo(200);
    assertThat(root.headers().firstValue("content-type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/x-pem-file"));
    Path rootPem = write("root.pem", root.body());
    Path issuerPem = write("issuer.pem", get("/v1/pki/pki/issuer/infra").body());
    Path chain = write("chain.pem", get("/v1/pki/pki/ca/chain").body());
    Path leaf = write("good.pem", good.certificate().getBytes(StandardCharsets.US_ASCII));

    assertThat(new String(get("/v1/pki/pki/ca/chain").body(), StandardCharsets.US_ASCII))
        .isEqualTo(good.issuingCa() + new String(root.body(), StandardCharsets.US_ASCII));
    assertThat(
            openssl(
                "verify",
                "-CAfile",
                rootPem.toString(),
                "-untrusted",
                issuerPem.toString(),
                leaf.toString()))
        .contains("good.pem: OK");
    assertThat(openssl("verify", "-CAfile", chain.toString(), leaf.toString())).contains("OK");
    assertThat(get("/v1/pki/pki/issuer/root").body()).isEqualTo(root.body());
    assertThat(get("/v1/pki/pki/issuer/nope").statusCode()).isEqualTo(404);
    assertThat(get("/v1/pki/nope/ca").statusCode()).isEqualTo(404);
  }

  @Test
  void theCrlIsDerOrPemAndOpensslSeesTheRevocation() throws Exception {
    HttpResponse<byte[]> der = get("/v1/pki/pki/issuer/infra/crl");
    assertThat(der.statusCode()).isEqualTo(200);
    assertThat(der.headers().firstValue("content-type")).contains("application/pkix-crl");
    Path crlDer = write("crl.der", der.body());
    String text = openssl("crl", "-inform", "DER", "-in", crlDer.toString(), "-noout", "-text");
    String serialHex = revoked.serialNumber().value().toString(16).toUpperCase();
    assertThat(text.replace(":", "").toUpperCase()).contains(serialHex);
    assertThat(text).contains("Issuer: CN = Infra CA").contains("X509v3 CRL Number");

    HttpResponse<byte[]> pem = get("/v1/pki/pki/issuer/infra/crl?format=pem");
    String pemText = new String(pem.body(), StandardCharsets.US_ASCII);
    assertThat(pemText).startsWith("-----BEGIN X509 CRL-----");
    Path crlPem = write("crl.pem", pem.body());
    Path rootPem = write("root2.pem", get("/v1/pki/pki/ca").body());
    Path issuerPem = write("issuer2.pem", get("/v1/pki/pki/issuer/infra").body());
    Path gone = write("gone.pem", revoked.certificate().getBytes(StandardCharsets.US_ASCII));
    Path fine = write("fine.pem", good.certificate().getBytes(StandardCharsets.US_ASCII));
    assertThat(
            openssl(
                "verify",
                "-crl_check",
                "-CAfile",
                rootPem.toString(),
                "-untrusted",
                issuerPem.toString(),
                "-CRLfile",
                crlPem.toString(),
                gone.toString()))
        .contains("certificate revoked");
    assertThat(
            openssl(
                "verify",
                "-crl_check",
                "-CAfile",
                rootPem.toString(),
                "-untrusted",
                issuerPem.toString(),
                "-CRLfile",
                crlPem.toString(),
                fine.toString()))
        .contains("fine.pem: OK");

    Path delta = write("delta.der", get("/v1/pki/pki/issuer/infra/crl/delta").body());
    assertThat(openssl("crl", "-inform", "DER", "-in", delta.toString(), "-noout", "-text"))
        .contains("Delta CRL Indicator");
    assertThat(get("/v1/pki/pki/issuer/infra/crl?format=xml").statusCode()).isEqualTo(400);
  }

  @Test
  void theOcspResponderAnswersOpensslWithTheNonceByPostAndByGet() throws Exception {
    Path issuerPem = write("issuer3.pem", get("/v1/pki/pki/issuer/infra").body());
    Path rootPem = write("root3.pem", get("/v1/pki/pki/ca").body());
    for (IssuedCertificate cert : List.of(good, revoked)) {
      String name = cert == good ? "good" : "revoked";
      Path leaf = write(name + "-leaf.pem", cert.certificate().getBytes(StandardCharsets.US_ASCII));
      Path request = dir.resolve(name + "-req.der");
      openssl(
          "ocsp",
          "-issuer",
          issuerPem.toString(),
          "-cert",
          leaf.toString(),
          "-reqout",
          request.toString());
      HttpResponse<byte[]> posted =
          http.send(
              HttpRequest.newBuilder(uri("/v1/pki/pki/ocsp"))
                  .header("Content-Type", "application/ocsp-request")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(Files.readAllBytes(request)))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      assertThat(posted.statusCode()).isEqualTo(200);
      assertThat(posted.headers().firstValue("content-type")).contains("application/ocsp-response");
      Path response = write(name + "-resp.der", posted.body());
      // With the request it was made for: the signature and the echoed nonce (-no_nonce only
      // stops OpenSSL from putting a new nonce into the request it read before comparing).
      String verified =
          openssl(
              "ocsp",
              "-reqin",
              request.toString(),
              "-respin",
              response.toString(),
              "-issuer",
              issuerPem.toString(),
              "-CAfile",
              rootPem.toString(),
              "-no_nonce");
      assertThat(verified)
          .contains("Response verify OK")
          .doesNotContain("Nonce")
          .doesNotContain("WARNING");
      // And the status OpenSSL reads for the certificate.
      assertThat(
              openssl(
                  "ocsp",
                  "-respin",
                  response.toString(),
                  "-issuer",
                  issuerPem.toString(),
                  "-cert",
                  leaf.toString(),
                  "-CAfile",
                  rootPem.toString(),
                  "-no_nonce"))
          .contains(leaf + ": " + name);

      // RFC 6960's GET: the request's base64, URL-encoded ('+', '/' and '=' escaped).
      String b64 = Base64.getEncoder().encodeToString(Files.readAllBytes(request));
      HttpResponse<byte[]> got =
          get("/v1/pki/pki/ocsp/" + java.net.URLEncoder.encode(b64, StandardCharsets.US_ASCII));
      assertThat(got.statusCode()).isEqualTo(200);
      Path viaGet = write(name + "-get.der", got.body());
      assertThat(
              openssl(
                  "ocsp",
                  "-respin",
                  viaGet.toString(),
                  "-issuer",
                  issuerPem.toString(),
                  "-cert",
                  leaf.toString(),
                  "-CAfile",
                  rootPem.toString(),
                  "-no_nonce"))
          .contains(leaf + ": " + name);
    }
    assertThat(get("/v1/pki/pki/ocsp/!!!").statusCode()).isEqualTo(400);
    // Clients that leave '+' and '/' as they are (in a path '+' is not a space) are answered too.
    byte[] plus = new byte[] {(byte) 0xfb, (byte) 0xef, (byte) 0xbe};
    assertThat(Base64.getEncoder().encodeToString(plus)).isEqualTo("++++");
    assertThat(get("/v1/pki/pki/ocsp/++++").statusCode()).isEqualTo(200);
  }

  @Test
  void theOperationsThatNeedATokenAreNotPublic() throws Exception {
    HttpResponse<byte[]> reply =
        http.send(
            HttpRequest.newBuilder(uri("/v1/engine/request"))
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"mount\":\"pki\",\"operation\":\"list-certs\",\"data\":{}}"))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(reply.statusCode()).isEqualTo(401);
  }

  private static HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static URI uri(String path) {
    return URI.create("https://127.0.0.1:" + server.port() + path);
  }

  private static Path write(String name, byte[] content) throws IOException {
    return Files.write(dir.resolve(name), content);
  }

  /** Runs openssl and answers its stdout and stderr together. */
  static String openssl(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add("openssl");
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return out;
  }
}
