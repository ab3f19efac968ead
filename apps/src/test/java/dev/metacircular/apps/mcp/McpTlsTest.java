package dev.metacircular.apps.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.apps.dev.AcmeTestCa;
import dev.metacircular.apps.dev.DevPlatform;
import dev.metacircular.crypto.Argon2Parameters;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control plane's agent and master take the services' {@code [tls]} table: the master gets its
 * certificate over ACME (EAB, HTTP-01) from dev mode's crypto service before it listens, serves it
 * on its gRPC port, and renews it without a restart (its listener has live keys).
 */
class McpTlsTest {
  @TempDir static Path tmp;
  static DevPlatform ca;
  static AcmeTestCa acme;
  static Path root;
  static int http01Port;

  @BeforeAll
  static void startTheCa() throws Exception {
    ca =
        DevPlatform.start(
            new DevPlatform.Options(
                tmp.resolve("dev"),
                0,
                0,
                s -> s.withPasswordHashing(Argon2Parameters.OWASP_MINIMUM),
                Clock.systemUTC()),
            new PrintWriter(new StringWriter(), true));
    try (ServerSocket s = new ServerSocket(0)) {
      http01Port = s.getLocalPort();
    }
    acme = AcmeTestCa.mount(ca, "mcp-acme", http01Port);
    root = acme.writeRoot(tmp.resolve("acme-root.pem"));
  }

  @AfterAll
  static void stopTheCa() {
    ca.close();
  }

  @Test
  void theAgentAndTheMasterReadTheTlsTable() {
    AgentConfig agent =
        AgentConfig.parse(
            McpConfigTest.AGENT
                + """
                [tls]
                acme_directory    = "https://ca.example:8443/acme/pki/nodes/directory"
                acme_eab_kid      = "kid"
                acme_eab_key_file = "/srv/mcp/eab.key"
                common_name       = "rift.example"
                """,
            Path.of("agent.toml"),
            Map.of("MCP_AGENT_TLS_ACME_HTTP01_LISTEN", ":8080"));
    assertThat(agent.tls().acme().directory())
        .isEqualTo(URI.create("https://ca.example:8443/acme/pki/nodes/directory"));
    assertThat(agent.tls().acme().http01Listen().port()).isEqualTo(8080);
    assertThat(agent.tls().commonName()).isEqualTo("rift.example");
    assertThat(AgentConfig.parse(McpConfigTest.AGENT, Path.of("agent.toml"), Map.of()).tls())
        .isNull();
  }

  @Test
  void theMasterGetsItsCertificateOverAcmeAndRenewsItWithoutARestart() throws Exception {
    Path dir = tmp.resolve("master");
    Files.createDirectories(dir);
    Path token = dir.resolve("master.token");
    Files.writeString(token, "not-used-without-nodes");
    Path eabKey = dir.resolve("eab.key");
    var eab = acme.eab(eabKey);
    String toml =
        """
        [server]
        listen_addr = "127.0.0.1:0"
        tls_cert    = "%s"
        tls_key     = "%s"
        [database]
        path = "%s"
        [mcias]
        server_url = "https://127.0.0.1:%d"
        ca_cert    = "%s"
        token_file = "%s"
        [tls]
        acme_directory     = "%s"
        acme_eab_kid       = "%s"
        acme_eab_key_file  = "%s"
        acme_http01_listen = ":%d"
        ca_cert            = "%s"
        common_name        = "localhost"
        """
            .formatted(
                dir.resolve("tls/master.crt"),
                dir.resolve("tls/master.key"),
                dir.resolve("master.db"),
                ca.port(),
                tmp.resolve("dev/ca.pem"),
                token,
                acme.directory(),
                eab.kid(),
                eabKey,
                http01Port,
                tmp.resolve("dev/ca.pem"));
    try (MasterService master =
        MasterService.start(
            MasterConfig.parse(toml, dir.resolve("master.toml"), Map.of()), Clock.systemUTC())) {
      X509Certificate first = AcmeTestCa.served(root, master.port(), true).get(0);
      assertThat(first.getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
      assertThat(first.getIssuerX500Principal().getName()).isEqualTo("CN=ACME Infra");
      assertThat(
              PosixFilePermissions.toString(
                  Files.getPosixFilePermissions(dir.resolve("tls/acme-account.key"))))
          .isEqualTo("rw-------");
      Instant deadline = Instant.now().plusSeconds(45);
      BigInteger now = first.getSerialNumber();
      while (now.equals(first.getSerialNumber()) && Instant.now().isBefore(deadline)) {
        Thread.sleep(500);
        now = AcmeTestCa.served(root, master.port(), true).get(0).getSerialNumber();
      }
      assertThat(now).as("renewed while running").isNotEqualTo(first.getSerialNumber());
    }
  }
}
