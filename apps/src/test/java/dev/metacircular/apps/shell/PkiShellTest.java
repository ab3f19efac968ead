package dev.metacircular.apps.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.apps.identity.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shell's {@code pki} commands against real servers over REST: a CA from issuer to revoke. */
class PkiShellTest {
  static final String SEAL_PASSWORD = "a long seal password";

  @TempDir Path dir;

  @Test
  void anAdminRunsTheCaFromTheShell() throws Exception {
    try (ShellTestServers servers = new ShellTestServers(dir);
        ShellDriver shell = new ShellDriver(servers.connectBoth("rest"), null)) {
      shell.expect("mc[uninitialized]> ");
      shell.line("init").expect("Seal password: ");
      shell.line(SEAL_PASSWORD).expect("Repeat seal password: ");
      shell.line(SEAL_PASSWORD);
      shell.expect("mc[unsealed]> ");
      shell.line("login root").expect("Password for root: ");
      shell.line(TestServer.PASSWORD);
      shell.expect("root@mc[unsealed]> ");
      shell.line(
          "mounts mount pki --type ca --config 'root_common_name=Shell Root'"
              + " --config root_key_type=ec-p256");
      assertThat(shell.expect("> ")).contains("mounted ca at pki");
      shell.line("mounts list");
      assertThat(shell.expect("> ")).contains("root_common_name=Shell Root");
      shell.line(
          "mounts mount bad --type ca --config root_common_name=Bad --config root_key_type=dsa-512");
      assertThat(shell.expect("> ")).contains("root_key_type");

      shell.line("pki create-issuer infra --common-name 'Infra CA' --key-type ec-p256");
      assertThat(shell.expect("> ")).contains("issuer:   infra", "key type: ec-p256");
      shell.line(
          "pki create-role web --issuer infra --domains example.test --subdomains --ttl 24h");
      assertThat(shell.expect("> ")).contains("role:     web (issuer infra)", "ttl:      24h");
      Path prefix = dir.resolve("www");
      shell.line("pki issue web www.example.test --alt-names api.example.test --out " + prefix);
      String issued = shell.expect("> ");
      assertThat(issued).contains("wrote ");
      Matcher serial = Pattern.compile("serial:  ([0-9a-f:]+)").matcher(issued);
      assertThat(serial.find()).as(issued).isTrue();
      assertThat(Files.readString(Path.of(prefix + ".key"))).startsWith("-----BEGIN PRIVATE KEY");
      assertThat(
              PosixFilePermissions.toString(
                  Files.getPosixFilePermissions(Path.of(prefix + ".key"))))
          .isEqualTo("rw-------");
      X509Certificate leaf =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(Files.newInputStream(Path.of(prefix + ".crt")));
      assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=www.example.test");

      shell.line("pki issue web www.other.test");
      assertThat(shell.expect("> ")).contains("name www.other.test is not allowed by role web");
      shell.line("pki revoke " + serial.group(1));
      assertThat(shell.expect("> ")).contains("revoked " + serial.group(1));
      shell.line("pki list-certs --revoked true");
      assertThat(shell.expect("> ")).contains(serial.group(1), "www.example.test,api.example.test");
      Path ca = dir.resolve("ca.pem");
      shell.line("pki ca --out " + ca);
      assertThat(shell.expect("> ")).contains("wrote " + ca);
      assertThat(Files.readString(ca)).startsWith("-----BEGIN CERTIFICATE-----");
      shell.line("pki list-issuers");
      assertThat(shell.expect("> ")).contains("infra");
      shell.line("exit");
    }
  }
}
