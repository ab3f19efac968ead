package dev.metacircular.apps.acme;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metacircular.apps.crypto.CryptoTestEnvironment;
import dev.metacircular.apps.crypto.CryptoTestEnvironment.Reply;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ACME server against real clients nobody here wrote, on loopback: Debian's {@code lego}
 * (HTTP-01, DNS-01 through its {@code exec} provider, a wildcard, TLS-ALPN-01, revoke) and {@code
 * certbot} (standalone HTTP-01), both with external account binding from {@code create-eab}. {@code
 * pebble-challtestsrv} is the DNS the mount validates through ({@code dns_resolver}): it answers
 * every A query with 127.0.0.1 and serves the TXT records lego's exec script sets. {@code openssl
 * verify}, {@code ocsp} and {@code crl} check the results. One server for the class.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AcmeClientsEndToEndTest {
  @TempDir static Path dir;

  static CryptoTestEnvironment env;
  static Process dns;
  static String root;
  static int httpPort;
  static int tlsPort;
  static int dnsPort;
  static int dnsManagement;
  static Path tlsCert;
  static Path legoPath;
  static Path rootPem;
  static Path chainPem;

  @BeforeAll
  static void start() throws Exception {
    httpPort = freePort();
    tlsPort = freePort();
    dnsPort = freePort();
    dnsManagement = freePort();
    dns =
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
                "127.0.0.1:" + dnsManagement,
                "-defaultIPv4",
                "127.0.0.1",
                "-defaultIPv6",
                "")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("challtestsrv.log").toFile())
            .start();
    env = new CryptoTestEnvironment(dir.resolve("svc"));
    env.initAndUnseal();
    root = env.login("root");
    waitForPort(dnsManagement);
    Reply mounted =
        env.post(
            "/v1/engine/mounts",
            root,
            Map.of(
                "name", "pki",
                "type", "ca",
                "config",
                    Map.of(
                        "root_common_name", "ACME Test Root",
                        "root_key_type", "ec-p256",
                        "acme",
                            Map.of(
                                "enabled",
                                true,
                                "http01_port",
                                httpPort,
                                "tlsalpn01_port",
                                tlsPort,
                                "dns_resolver",
                                "127.0.0.1:" + dnsPort))));
    assertThat(mounted.status()).as(mounted.body()).isEqualTo(201);
    ok(env.request(root, "pki", "create-issuer", Map.of("name", "infra", "common_name", "Infra")));
    ok(
        env.request(
            root,
            "pki",
            "create-role",
            Map.of(
                "name",
                "web",
                "issuer",
                "infra",
                "allowed_domains",
                List.of("example.test"),
                "allow_subdomains",
                true,
                "allow_bare_domains",
                true,
                "allow_wildcard",
                true,
                "key_type",
                "any")));
    tlsCert = env.identity.dir.resolve("tls.crt");
    legoPath = dir.resolve("lego");
    rootPem = dir.resolve("root.pem");
    Files.writeString(rootPem, env.get("/v1/pki/pki/ca", null).body());
    chainPem = dir.resolve("infra.pem");
    Files.writeString(chainPem, env.get("/v1/pki/pki/issuer/infra", null).body());
  }

  @AfterAll
  static void stop() {
    if (env != null) {
      env.close();
    }
    if (dns != null) {
      dns.destroy();
    }
  }

  static void ok(Reply reply) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
  }

  static JsonNode eab() {
    Reply r = env.request(root, "pki", "create-eab", Map.of("name", "web"));
    ok(r);
    return r.json().get("data");
  }

  static String directory() {
    return "https://127.0.0.1:" + env.crypto.port() + "/acme/pki/web/directory";
  }

  /** Runs lego with the account in legoPath (registered with EAB on first use). */
  static Result lego(List<String> args, Map<String, String> extraEnv) throws Exception {
    JsonNode eab = eab();
    List<String> command =
        new ArrayList<>(
            List.of(
                "lego",
                "--server",
                directory(),
                "--path",
                legoPath.toString(),
                "--accept-tos",
                "--email",
                "ops@example.test",
                "--eab",
                "--kid",
                eab.get("kid").asText(),
                "--hmac",
                eab.get("hmac_key").asText()));
    command.addAll(args);
    Map<String, String> environment = new java.util.HashMap<>(extraEnv);
    environment.put("LEGO_CA_CERTIFICATES", tlsCert.toString());
    return run(command, environment, 90);
  }

  record Result(int exit, String output) {}

  static Result run(List<String> command, Map<String, String> environment, int seconds)
      throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(environment);
    Path log = Files.createTempFile(dir, "run", ".log");
    builder.redirectOutput(log.toFile());
    Process process = builder.start();
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(command.get(0) + " timed out:\n" + Files.readString(log));
    }
    return new Result(process.exitValue(), Files.readString(log));
  }

  static Result openssl(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    return run(command, Map.of(), 30);
  }

  static void verified(Path cert) throws Exception {
    Result verify =
        openssl(
            "verify",
            "-CAfile",
            rootPem.toString(),
            "-untrusted",
            chainPem.toString(),
            cert.toString());
    assertThat(verify.output()).as(verify.output()).contains(": OK");
  }

  @Test
  @Order(1)
  void legoObtainsACertificateWithHttp01() throws Exception {
    Result r =
        lego(
            List.of(
                "--domains", "www.example.test", "--http", "--http.port", ":" + httpPort, "run"),
            Map.of());
    assertThat(r.exit()).as(r.output()).isZero();
    Path cert = legoPath.resolve("certificates").resolve("www.example.test.crt");
    assertThat(cert).exists();
    verified(cert);
    Result text = openssl("x509", "-in", cert.toString(), "-noout", "-text");
    assertThat(text.output()).contains("DNS:www.example.test");
  }

  @Test
  @Order(2)
  void legoObtainsAWildcardWithDns01ThroughItsExecProvider() throws Exception {
    Path script = dir.resolve("dns-hook.sh");
    Files.writeString(
        script,
        "#!/bin/sh\n"
            + "# lego's exec provider: $1 = present|cleanup, $2 = fqdn, $3 = value\n"
            + "case \"$1\" in\n"
            + "  present) path=set-txt; body=\"{\\\"host\\\":\\\"$2\\\",\\\"value\\\":\\\"$3\\\"}\" ;;\n"
            + "  cleanup) path=clear-txt; body=\"{\\\"host\\\":\\\"$2\\\"}\" ;;\n"
            + "  *) exit 0 ;;\n"
            + "esac\n"
            + "exec curl -sf -X POST -d \"$body\" http://127.0.0.1:"
            + dnsManagement
            + "/$path\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    Result r =
        lego(
            List.of(
                "--domains",
                "*.example.test",
                "--domains",
                "example.test",
                "--dns",
                "exec",
                "--dns.resolvers",
                "127.0.0.1:" + dnsPort,
                "--dns.disable-cp",
                "run"),
            Map.of(
                "EXEC_PATH", script.toString(),
                "EXEC_PROPAGATION_TIMEOUT", "20",
                "EXEC_POLLING_INTERVAL", "1",
                "EXEC_SEQUENCE_INTERVAL", "1"));
    assertThat(r.exit()).as(r.output()).isZero();
    Path cert = legoPath.resolve("certificates").resolve("_.example.test.crt");
    assertThat(cert).exists();
    verified(cert);
    assertThat(openssl("x509", "-in", cert.toString(), "-noout", "-text").output())
        .contains("DNS:*.example.test")
        .contains("DNS:example.test");
  }

  @Test
  @Order(3)
  void legoObtainsACertificateWithTlsAlpn01ThenRevokesIt() throws Exception {
    Result r =
        lego(
            List.of("--domains", "alpn.example.test", "--tls", "--tls.port", ":" + tlsPort, "run"),
            Map.of());
    assertThat(r.exit()).as(r.output()).isZero();
    Path cert = legoPath.resolve("certificates").resolve("alpn.example.test.crt");
    verified(cert);
    Path leaf = dir.resolve("alpn-leaf.pem");
    // lego's .crt is the bundle (leaf then issuer); openssl reads the first certificate.
    Files.writeString(leaf, openssl("x509", "-in", cert.toString()).output());

    Result revoked = lego(List.of("--domains", "alpn.example.test", "revoke"), Map.of());
    assertThat(revoked.exit()).as(revoked.output()).isZero();

    Result ocsp =
        openssl(
            "ocsp",
            "-issuer",
            chainPem.toString(),
            "-cert",
            leaf.toString(),
            "-url",
            "https://127.0.0.1:" + env.crypto.port() + "/v1/pki/pki/ocsp",
            "-CAfile",
            rootPem.toString(),
            "-VAfile",
            chainPem.toString(),
            "-no_nonce");
    assertThat(ocsp.output()).as(ocsp.output()).contains(": revoked");
    Path crl = dir.resolve("infra.crl");
    Files.write(
        crl,
        env.get("/v1/pki/pki/issuer/infra/crl?format=pem", null)
            .body()
            .getBytes(StandardCharsets.US_ASCII));
    String serial =
        openssl("x509", "-in", leaf.toString(), "-noout", "-serial")
            .output()
            .trim()
            .replace("serial=", "");
    Result listed = openssl("crl", "-in", crl.toString(), "-noout", "-text");
    assertThat(listed.output().toUpperCase()).contains(serial.toUpperCase());
  }

  @Test
  @Order(4)
  void certbotObtainsACertificateWithStandaloneHttp01() throws Exception {
    JsonNode eab = eab();
    Path base = dir.resolve("certbot");
    Result r =
        run(
            List.of(
                "certbot",
                "certonly",
                "--standalone",
                "--http-01-port",
                String.valueOf(httpPort),
                "--http-01-address",
                "127.0.0.1",
                "--server",
                directory(),
                "--eab-kid",
                eab.get("kid").asText(),
                "--eab-hmac-key",
                eab.get("hmac_key").asText(),
                "--config-dir",
                base.resolve("config").toString(),
                "--work-dir",
                base.resolve("work").toString(),
                "--logs-dir",
                base.resolve("logs").toString(),
                "--non-interactive",
                "--agree-tos",
                "-m",
                "ops@example.test",
                "-d",
                "certbot.example.test"),
            Map.of("REQUESTS_CA_BUNDLE", tlsCert.toString()),
            120);
    assertThat(r.exit()).as(r.output()).isZero();
    Path live = base.resolve("config/live/certbot.example.test");
    verified(live.resolve("cert.pem"));
    Result chained =
        openssl(
            "verify",
            "-CAfile",
            rootPem.toString(),
            "-untrusted",
            live.resolve("chain.pem").toString(),
            live.resolve("cert.pem").toString());
    assertThat(chained.output()).contains(": OK");
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  static void waitForPort(int port) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException e) {
        Thread.sleep(100);
      }
    }
    throw new AssertionError("port " + port + " never opened");
  }
}
