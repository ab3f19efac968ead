package dev.metacircular.apps.config;

import static dev.metacircular.apps.config.TlsIssuingConfigTest.CRYPTO;
import static dev.metacircular.apps.config.TlsIssuingConfigTest.IDENTITY;
import static dev.metacircular.apps.config.TlsIssuingConfigTest.crypto;
import static dev.metacircular.apps.config.TlsIssuingConfigTest.identity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code [tls] acme_directory}: the certificate through ACME with EAB, in both services. */
class TlsAcmeConfigTest {

  static final String ACME =
      """

      [tls]
      acme_directory      = "https://metacrypt.example.net:8444/acme/pki/services/directory"
      acme_eab_kid        = "kid-123"
      acme_eab_key_file   = "/etc/mc/eab.key"
      acme_http01_listen  = "10.0.0.5:8080"
      ca_cert             = "/etc/mc/ca.pem"
      common_name         = "mcias.example.net"
      alt_names           = ["auth.example.net"]
      """;

  @Test
  void bothServicesReadTheAcmeKeys() {
    for (TlsIssuing tls :
        new TlsIssuing[] {
          identity(IDENTITY + ACME, Map.of()).tlsIssuing(),
          crypto(CRYPTO + ACME, Map.of()).tlsIssuing()
        }) {
      TlsIssuing.Acme acme = tls.acme();
      assertThat(acme.directory())
          .isEqualTo(URI.create("https://metacrypt.example.net:8444/acme/pki/services/directory"));
      assertThat(acme.eabKid()).isEqualTo("kid-123");
      assertThat(acme.eabKeyFile()).isEqualTo(Path.of("/etc/mc/eab.key"));
      assertThat(acme.http01Listen()).isEqualTo(new ListenAddress("10.0.0.5", 8080));
      assertThat(tls.caCert()).isEqualTo(Path.of("/etc/mc/ca.pem"));
      assertThat(tls.commonName()).isEqualTo("mcias.example.net");
      assertThat(tls.altNames()).containsExactly("auth.example.net");
      assertThat(tls.issueUrl()).isNull();
      assertThat(tls.source())
          .isEqualTo("https://metacrypt.example.net:8444/acme/pki/services/directory");
    }
    assertThat(identity(IDENTITY + ACME, Map.of()).tlsCert())
        .isEqualTo(Path.of("/var/lib/mcias/tls/server.crt"));
  }

  @Test
  void theResponderListensOnPort80OfEveryInterfaceUnlessToldOtherwiseAndEabIsOptional() {
    TlsIssuing tls =
        crypto(
                CRYPTO
                    + ACME.replace("acme_http01_listen  = \"10.0.0.5:8080\"\n", "")
                        .replace("acme_eab_kid        = \"kid-123\"\n", "")
                        .replace("acme_eab_key_file   = \"/etc/mc/eab.key\"\n", ""),
                Map.of())
            .tlsIssuing();
    assertThat(tls.acme().http01Listen()).isEqualTo(new ListenAddress("0.0.0.0", 80));
    assertThat(tls.acme().eabKid()).isNull();
    assertThat(tls.acme().eabKeyFile()).isNull();
  }

  @Test
  void environmentVariablesOverrideTheAcmeKeys() {
    McIasConfig c =
        identity(
            IDENTITY + ACME,
            Map.of(
                "MCIAS_TLS_ACME_EAB_KID", "kid-from-env",
                "MCIAS_TLS_ACME_HTTP01_LISTEN", ":8080",
                "MCIAS_TLS_ACME_DIRECTORY", "https://ca.example.net/acme/pki/web/directory"));
    assertThat(c.tlsIssuing().acme().eabKid()).isEqualTo("kid-from-env");
    assertThat(c.tlsIssuing().acme().http01Listen()).isEqualTo(new ListenAddress("0.0.0.0", 8080));
    assertThat(c.tlsIssuing().acme().directory())
        .isEqualTo(URI.create("https://ca.example.net/acme/pki/web/directory"));
  }

  @Test
  void acmeAndTheIssuePathAreExclusiveAndTheRestPathsKeysDoNotApply() {
    assertThatThrownBy(
            () ->
                crypto(
                    CRYPTO
                        + ACME
                        + "issue_url = \"https://x.example.net\"\nrole = \"web\"\n"
                        + "token_file = \"/t\"\nttl = \"720h\"\nmount = \"pki\"\n",
                    Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("tls.acme_directory and tls.issue_url are exclusive")
        .hasMessageContaining("tls.role does not apply with tls.acme_directory")
        .hasMessageContaining("tls.mount does not apply with tls.acme_directory")
        .hasMessageContaining("tls.token_file does not apply with tls.acme_directory")
        .hasMessageContaining("tls.ttl does not apply with tls.acme_directory");
  }

  @Test
  void badAcmeKeysAreNamedAtOnce() {
    assertThatThrownBy(
            () ->
                identity(
                    IDENTITY
                        + "\n[tls]\nacme_directory = \"http://ca\"\nacme_eab_kid = \"k\"\n"
                        + "acme_http01_listen = \"nowhere\"\n",
                    Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("tls.acme_directory must be an https:// URL with a host")
        .hasMessageContaining("tls.common_name is required in [tls]")
        .hasMessageContaining("tls.acme_eab_kid and tls.acme_eab_key_file go together")
        .hasMessageContaining("tls.acme_http01_listen must be host:port");
  }

  @Test
  void acmeKeysWithoutTheDirectoryAreRefused() {
    assertThatThrownBy(
            () -> crypto(CRYPTO + TlsIssuingConfigTest.TLS + "acme_eab_kid = \"k\"\n", Map.of()))
        .hasMessageContaining("tls.acme_eab_kid applies to tls.acme_directory only");
  }

  @Test
  void unknownAcmeLikeKeysAreStillErrors() {
    assertThatThrownBy(() -> crypto(CRYPTO + ACME + "acme_eab_key = \"secret\"\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("config: unknown key tls.acme_eab_key");
  }
}
