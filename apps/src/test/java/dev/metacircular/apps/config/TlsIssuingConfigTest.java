package dev.metacircular.apps.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code [tls]} in both services' configurations: the certificate from a crypto service's CA. */
class TlsIssuingConfigTest {

  static final String TLS =
      """

      [tls]
      issue_url   = "https://metacrypt.example.net:8444"
      ca_cert     = "/etc/mc/ca.pem"
      role        = "services"
      common_name = "mcias.example.net"
      alt_names   = ["auth.example.net"]
      ip_sans     = ["10.0.0.5"]
      ttl         = "720h"
      token_file  = "/etc/mc/issue.token"
      """;

  static final String IDENTITY =
      """
      [server]
      listen_addr = "127.0.0.1:8443"

      [database]
      path = "/var/lib/mcias/mcias.db"

      [tokens]
      issuer = "https://mcias.example.net"

      [master_key]
      keyfile = "/etc/mcias/master.key"
      """;

  static final String CRYPTO =
      """
      [server]
      listen_addr = ":8444"

      [database]
      path = "/var/lib/metacrypt/metacrypt.db"
      """;

  static McIasConfig identity(String toml, Map<String, String> env) {
    return new McIasConfigLoader(env, List.of()).parse(toml, Path.of("mcias.toml"));
  }

  static MetacryptConfig crypto(String toml, Map<String, String> env) {
    return new MetacryptConfigLoader(env, List.of()).parse(toml, Path.of("metacrypt.toml"));
  }

  @Test
  void theIdentityServiceReadsEveryKeyAndWritesItsFilesBesideTheDatabase() {
    McIasConfig c = identity(IDENTITY + TLS, Map.of());
    TlsIssuing tls = c.tlsIssuing();
    assertThat(tls.issueUrl()).isEqualTo(URI.create("https://metacrypt.example.net:8444"));
    assertThat(tls.caCert()).isEqualTo(Path.of("/etc/mc/ca.pem"));
    assertThat(tls.mount()).isEqualTo("pki");
    assertThat(tls.role()).isEqualTo("services");
    assertThat(tls.commonName()).isEqualTo("mcias.example.net");
    assertThat(tls.altNames()).containsExactly("auth.example.net");
    assertThat(tls.ipSans()).containsExactly("10.0.0.5");
    assertThat(tls.ttl()).isEqualTo("720h");
    assertThat(tls.tokenFile()).isEqualTo(Path.of("/etc/mc/issue.token"));
    assertThat(c.tlsCert()).isEqualTo(Path.of("/var/lib/mcias/tls/server.crt"));
    assertThat(c.tlsKey()).isEqualTo(Path.of("/var/lib/mcias/tls/server.key"));
  }

  @Test
  void theCryptoServiceReadsTheSameTableAndTlsCertStillWinsWhenGiven() {
    MetacryptConfig c =
        crypto(
            CRYPTO.replace(
                    "listen_addr = \":8444\"", "listen_addr = \":8444\"\ntls_cert = \"/srv/x.crt\"")
                + TLS.replace("role        = \"services\"", "role = \"infra\"\nmount = \"ca\""),
            Map.of());
    assertThat(c.tlsIssuing().role()).isEqualTo("infra");
    assertThat(c.tlsIssuing().mount()).isEqualTo("ca");
    assertThat(c.tlsCert()).isEqualTo(Path.of("/srv/x.crt"));
    assertThat(c.tlsKey()).isEqualTo(Path.of("/var/lib/metacrypt/tls/server.key"));
  }

  @Test
  void withoutTheTableTheFilesAreRequiredAsBefore() {
    assertThatThrownBy(() -> crypto(CRYPTO, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("server.tls_cert is required")
        .hasMessageContaining("server.tls_key is required");
    assertThat(
            identity(
                    IDENTITY.replace("[server]", "[server]\ntls_cert = \"c\"\ntls_key = \"k\""),
                    Map.of())
                .tlsIssuing())
        .isNull();
  }

  @Test
  void environmentVariablesOverrideTheKeysAsEverywhere() {
    McIasConfig c =
        identity(
            IDENTITY + TLS,
            Map.of(
                "MCIAS_TLS_ROLE", "localhost",
                "MCIAS_TLS_ALT_NAMES", "a.test,b.test"));
    assertThat(c.tlsIssuing().role()).isEqualTo("localhost");
    assertThat(c.tlsIssuing().altNames()).containsExactly("a.test", "b.test");
    MetacryptConfig m =
        crypto(CRYPTO + TLS, Map.of("METACRYPT_TLS_ISSUE_URL", "https://ca.example.net"));
    assertThat(m.tlsIssuing().issueUrl()).isEqualTo(URI.create("https://ca.example.net"));
  }

  @Test
  void missingOrBadKeysAreNamedAtOnce() {
    assertThatThrownBy(() -> identity(IDENTITY + "\n[tls]\nttl = \"soon\"\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("tls.issue_url is required in [tls]")
        .hasMessageContaining("tls.role is required in [tls]")
        .hasMessageContaining("tls.common_name is required in [tls]")
        .hasMessageContaining("tls.token_file is required in [tls]")
        .hasMessageContaining("tls.ttl must be a duration")
        .hasMessageNotContaining("server.tls_cert");
    assertThatThrownBy(
            () ->
                crypto(
                    CRYPTO + TLS.replace("https://metacrypt.example.net:8444", "http://x"),
                    Map.of()))
        .hasMessageContaining("tls.issue_url must be an https:// URL with a host");
  }

  @Test
  void unknownKeysInTheTableAreErrors() {
    assertThatThrownBy(() -> crypto(CRYPTO + TLS + "tokenfile = \"x\"\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("config: unknown key tls.tokenfile");
  }
}
