package dev.metacircular.rest.acmeclient;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.crypto.TlsCertificates;
import dev.metacircular.ports.client.CertificateNames;
import dev.metacircular.ports.pki.in.IssuedCertificate;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ACME client against an ACME server nobody here wrote: Debian's {@code pebble} (Let's
 * Encrypt's test CA) with external account binding required, validating HTTP-01 against the
 * client's responder, names resolved by {@code pebble-challtestsrv}'s DNS (every name to
 * 127.0.0.1). Our own server and client could share a misreading of RFC 8555; pebble cannot.
 */
class AcmeClientPebbleTest {
  @TempDir static Path dir;

  static final List<Process> children = new ArrayList<>();
  static URI directory;
  static Path tlsCa;
  static int http01Port;
  static String eabKid = "kid-1";
  static byte[] eabKey = new byte[32];

  @BeforeAll
  static void start() throws Exception {
    int dnsPort = AcmeClientTest.freePort();
    int pebblePort = AcmeClientTest.freePort();
    http01Port = AcmeClientTest.freePort();
    TlsCertificates.SelfSigned tls =
        TlsCertificates.selfSigned(
            "localhost", List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(1));
    tlsCa = dir.resolve("pebble-tls.pem");
    Path tlsKey = dir.resolve("pebble-tls.key");
    TlsCertificates.writePem(tlsCa, tlsKey, tls);
    new SecureRandom().nextBytes(eabKey);
    children.add(
        new ProcessBuilder(
                "pebble-challtestsrv",
                "-dns01",
                "127.0.0.1:" + dnsPort,
                "-http01",
                "",
                "-https01",
                "",
                "-tlsalpn01",
                "",
                "-management",
                "127.0.0.1:" + AcmeClientTest.freePort(),
                "-defaultIPv6",
                "")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("challtestsrv.log").toFile())
            .start());
    Path config = dir.resolve("pebble.json");
    Files.writeString(
        config,
        "{\"pebble\":{\"listenAddress\":\"127.0.0.1:"
            + pebblePort
            + "\",\"managementListenAddress\":\"127.0.0.1:"
            + AcmeClientTest.freePort()
            + "\",\"certificate\":\""
            + tlsCa
            + "\",\"privateKey\":\""
            + tlsKey
            + "\",\"httpPort\":"
            + http01Port
            + ",\"tlsPort\":"
            + AcmeClientTest.freePort()
            + ",\"ocspResponderURL\":\"\",\"externalAccountBindingRequired\":true,"
            + "\"externalAccountMACKeys\":{\""
            + eabKid
            + "\":\""
            + Base64.getUrlEncoder().withoutPadding().encodeToString(eabKey)
            + "\"}}}");
    ProcessBuilder pebble =
        new ProcessBuilder(
                "pebble", "-config", config.toString(), "-dnsserver", "127.0.0.1:" + dnsPort)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("pebble.log").toFile());
    pebble.environment().put("PEBBLE_VA_NOSLEEP", "1");
    children.add(pebble.start());
    waitForPort(pebblePort);
    directory = URI.create("https://127.0.0.1:" + pebblePort + "/dir");
  }

  @AfterAll
  static void stop() {
    children.forEach(Process::destroy);
  }

  @Test
  void pebbleIssuesToTheClientWithEabAndHttp01ThenAgainOnTheKeptAccount() throws Exception {
    Path accountKey = dir.resolve("acme-account.key");
    IssuedCertificate issued =
        client(accountKey, () -> eabKey.clone())
            .obtain(new CertificateNames("www.example.test", List.of("api.example.test"), null));

    X509Certificate leaf = parse(issued.certificate());
    assertThat(leaf.getSubjectAlternativeNames())
        .extracting(san -> san.get(1).toString())
        .containsExactlyInAnyOrder("www.example.test", "api.example.test");
    assertThat(leaf.getNotAfter().toInstant()).isAfter(Instant.now());
    assertThat(issued.expiration()).isEqualTo(leaf.getNotAfter().toInstant());
    // The chain pebble sent: the leaf is signed by the first CA certificate after it.
    leaf.verify(parse(issued.issuingCa()).getPublicKey());
    // The private key the client generated is the leaf's.
    assertThat(signsFor(issued.privateKey().pem(), leaf)).isTrue();

    // A renewal: the kept account, so the binding key is not read again.
    IssuedCertificate renewed =
        client(
                accountKey,
                () -> {
                  throw new AssertionError("the binding key must not be read for a renewal");
                })
            .obtain(new CertificateNames("www.example.test", List.of(), null));
    assertThat(parse(renewed.certificate()).getSerialNumber()).isNotEqualTo(leaf.getSerialNumber());
  }

  private static AcmeClient client(Path accountKey, java.util.function.Supplier<byte[]> key) {
    return AcmeClient.of(
        new AcmeClientSettings(
            directory,
            tlsCa,
            eabKid,
            key,
            accountKey,
            new InetSocketAddress("127.0.0.1", http01Port),
            Duration.ofMinutes(1)));
  }

  private static X509Certificate parse(String pem) throws Exception {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
  }

  private static boolean signsFor(byte[] pem, X509Certificate leaf) throws Exception {
    String text = new String(pem, StandardCharsets.US_ASCII);
    String body =
        text.replaceAll("-----(BEGIN|END) [A-Z ]*PRIVATE KEY-----", "").replaceAll("\\s", "");
    PrivateKey key =
        KeyFactory.getInstance(leaf.getPublicKey().getAlgorithm())
            .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
    byte[] data = "proof".getBytes(StandardCharsets.US_ASCII);
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(key);
    signer.update(data);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance("SHA256withECDSA");
    verifier.initVerify(leaf.getPublicKey());
    verifier.update(data);
    return verifier.verify(signature);
  }

  private static void waitForPort(int port) throws Exception {
    Instant deadline = Instant.now().plusSeconds(20);
    while (Instant.now().isBefore(deadline)) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (java.io.IOException e) {
        Thread.sleep(100);
      }
    }
    throw new IllegalStateException("pebble did not listen on " + port);
  }
}
