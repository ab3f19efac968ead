package dev.metacircular.apps.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.crypto.Argon2Parameters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetacryptConfigLoaderTest {

  static final String MINIMAL =
      """
      [server]
      listen_addr = ":8443"
      tls_cert = "/etc/metacrypt/certs/server.crt"
      tls_key = "/etc/metacrypt/certs/server.key"

      [database]
      path = "/var/lib/metacrypt/metacrypt.db"

      [mcias]
      server_url = "https://mcias.example.net:8443"
      ca_cert = "/etc/metacrypt/certs/mcias-ca.crt"
      service_name = "metacrypt"
      tags = ["env:prod", "tier:core"]
      """;

  static MetacryptConfig parse(String toml, Map<String, String> env) {
    return new MetacryptConfigLoader(env, List.of()).parse(toml, Path.of("metacrypt.toml"));
  }

  @Test
  void readsTheRunbooksKeys() {
    MetacryptConfig c = parse(MINIMAL, Map.of());
    assertThat(c.listen()).isEqualTo(new ListenAddress("0.0.0.0", 8443));
    assertThat(c.tlsCert()).isEqualTo(Path.of("/etc/metacrypt/certs/server.crt"));
    assertThat(c.databasePath()).isEqualTo(Path.of("/var/lib/metacrypt/metacrypt.db"));
    assertThat(c.identity().serverUrl().toString()).isEqualTo("https://mcias.example.net:8443");
    assertThat(c.identity().caCert()).isEqualTo(Path.of("/etc/metacrypt/certs/mcias-ca.crt"));
    assertThat(c.identity().serviceName()).isEqualTo("metacrypt");
    assertThat(c.identity().tags()).containsExactly("env:prod", "tier:core");
    assertThat(c.sealKdf()).isNull();
  }

  @Test
  void aMissingTlsCertFailsWithTheRunbooksMessage() {
    String toml = MINIMAL.replace("tls_cert = \"/etc/metacrypt/certs/server.crt\"\n", "");
    assertThatThrownBy(() -> parse(toml, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("config: server.tls_cert is required");
  }

  @Test
  void everyMissingRequiredKeyIsNamedAtOnce() {
    assertThatThrownBy(() -> parse("", Map.of()))
        .hasMessage(
            "config: server.listen_addr is required; server.tls_cert is required;"
                + " server.tls_key is required; database.path is required");
  }

  @Test
  void environmentVariablesOverrideEveryKeyAndPortWins() {
    MetacryptConfig c =
        parse(
            MINIMAL,
            Map.of(
                "METACRYPT_SERVER_LISTEN_ADDR", "127.0.0.1:9443",
                "METACRYPT_DATABASE_PATH", "/tmp/other.db",
                "METACRYPT_MCIAS_TAGS", "env:dev, tier:worker",
                "METACRYPT_MCIAS_SERVICE_NAME", "crypto-a",
                "PORT", "7000"));
    assertThat(c.listen()).isEqualTo(new ListenAddress("127.0.0.1", 7000));
    assertThat(c.databasePath()).isEqualTo(Path.of("/tmp/other.db"));
    assertThat(c.identity().tags()).containsExactly("env:dev", "tier:worker");
    assertThat(c.identity().serviceName()).isEqualTo("crypto-a");
  }

  @Test
  void theIdentityServiceIsReachedOverTlsOnly() {
    String toml = MINIMAL.replace("https://mcias", "http://mcias");
    assertThatThrownBy(() -> parse(toml, Map.of()))
        .hasMessage("config: mcias.server_url must be an https:// URL with a host (TLS always)");
  }

  @Test
  void theIdentityServiceIsOptionalForTheOfflineCommands() {
    String toml = MINIMAL.substring(0, MINIMAL.indexOf("[mcias]"));
    assertThat(parse(toml, Map.of()).identity()).isNull();
  }

  @Test
  void sealCostUpperBoundsAreCheckedWhenTheConfigLoads() {
    assertThatThrownBy(() -> parse(MINIMAL + "\n[seal]\nargon2_memory_kib = 99999999\n", Map.of()))
        .hasMessage("config: seal.argon2_memory_kib must be at most 4194304 (4 GiB)");
  }

  @Test
  void theServiceNameDefaultsToMetacrypt() {
    MetacryptConfig c = parse(MINIMAL.replace("service_name = \"metacrypt\"\n", ""), Map.of());
    assertThat(c.identity().serviceName()).isEqualTo("metacrypt");
  }

  @Test
  void unknownKeysAndBadTypesAreErrorsNamingTheKey() {
    assertThatThrownBy(() -> parse(MINIMAL + "\n[seal]\nargon2_tme = 3\n", Map.of()))
        .hasMessageStartingWith("config: unknown key seal.argon2_tme");
    assertThatThrownBy(
            () ->
                parse(
                    MINIMAL.replace("tags = [\"env:prod\", \"tier:core\"]", "tags = 3"), Map.of()))
        .hasMessage("config: mcias.tags must be a list of strings");
  }

  @Test
  void sealCostIsOptionalAndBounded() {
    MetacryptConfig c = parse(MINIMAL + "\n[seal]\nargon2_time = 4\n", Map.of());
    assertThat(c.sealKdf()).isEqualTo(new Argon2Parameters(4, 131072, 4));
    assertThatThrownBy(() -> parse(MINIMAL + "\n[seal]\nargon2_memory_kib = 64\n", Map.of()))
        .hasMessage("config: seal.argon2_memory_kib must be at least 8192");
  }

  @Test
  void theFileIsFoundByFlagThenEnvironmentThenDefaults(@TempDir Path dir) throws Exception {
    Path local = Files.writeString(dir.resolve("metacrypt.toml"), MINIMAL);
    Path fromEnv = Files.writeString(dir.resolve("env.toml"), MINIMAL);
    MetacryptConfigLoader loader =
        new MetacryptConfigLoader(Map.of("METACRYPT_CONFIG", fromEnv.toString()), List.of(local));
    assertThat(loader.locate(Path.of("flag.toml"))).isEqualTo(Path.of("flag.toml"));
    assertThat(loader.locate(null)).isEqualTo(fromEnv);
    assertThat(new MetacryptConfigLoader(Map.of(), List.of(local)).locate(null)).isEqualTo(local);
    assertThatThrownBy(
            () -> new MetacryptConfigLoader(Map.of(), List.of(dir.resolve("none"))).locate(null))
        .hasMessageStartingWith("config: no configuration file found");
  }

  @Test
  void grpcIsOffUnlessConfiguredAndPortGrpcWinsOverEverything() {
    assertThat(parse(MINIMAL, Map.of()).grpcListen()).isNull();
    assertThat(parse(MINIMAL, Map.of("METACRYPT_SERVER_GRPC_ADDR", "127.0.0.1:9444")).grpcListen())
        .isEqualTo(new ListenAddress("127.0.0.1", 9444));
    assertThat(
            parse(
                    MINIMAL,
                    Map.of("METACRYPT_SERVER_GRPC_ADDR", "127.0.0.1:9444", "PORT_GRPC", "6000"))
                .grpcListen())
        .isEqualTo(new ListenAddress("127.0.0.1", 6000));
    assertThat(parse(MINIMAL, Map.of("PORT_GRPC", "6000")).grpcListen())
        .isEqualTo(new ListenAddress("0.0.0.0", 6000));
    assertThatThrownBy(() -> parse(MINIMAL, Map.of("PORT_GRPC", "-1")))
        .hasMessageContaining("$PORT_GRPC must be a port number");
  }

  @Test
  void ssoIsOffWithoutARedirectUriAndDefaultsToTheMciasSection() {
    assertThat(parse(MINIMAL, Map.of()).sso()).isNull();
    MetacryptConfig c =
        parse(
            MINIMAL
                + """

        [sso]
        redirect_uri = "https://metacrypt.example.net/sso/callback"
        client_secret_file = "/etc/metacrypt/sso.secret"
        """,
            Map.of());
    assertThat(c.sso().redirectUri().toString())
        .isEqualTo("https://metacrypt.example.net/sso/callback");
    assertThat(c.sso().clientId()).isEqualTo("metacrypt");
    assertThat(c.sso().clientSecretFile()).isEqualTo(Path.of("/etc/metacrypt/sso.secret"));
    assertThat(c.sso().identityUrl().toString()).isEqualTo("https://mcias.example.net:8443");
  }

  @Test
  void ssoNeedsASecretFileAndHttpsUrls() {
    assertThatThrownBy(
            () ->
                parse(
                    MINIMAL
                        + """

        [sso]
        redirect_uri = "http://metacrypt.example.net/sso/callback"
        """,
                    Map.of()))
        .hasMessage(
            "config: sso.redirect_uri must be an https:// URL with a host;"
                + " sso.client_secret_file is required with sso.redirect_uri");
    assertThatThrownBy(
            () ->
                parse(
                    MINIMAL
                        + """

        [sso]
        client_secret_file = "/x"
        """,
                    Map.of()))
        .hasMessage("config: sso.redirect_uri is required to enable SSO");
  }
}
