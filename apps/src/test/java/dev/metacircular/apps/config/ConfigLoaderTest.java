package dev.metacircular.apps.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  static final String MINIMUM =
      """
      [server]
      listen_addr = "0.0.0.0:8443"
      tls_cert    = "/srv/mcias/server.crt"
      tls_key     = "/srv/mcias/server.key"

      [database]
      path = "/srv/mcias/mcias.db"

      [tokens]
      issuer = "https://auth.example.com"

      [master_key]
      passphrase_env = "MCIAS_MASTER_PASSPHRASE"
      """;

  static final String EVERY_KEY =
      """
      [server]
      listen_addr = "127.0.0.1:9443"
      tls_cert    = "c.pem"
      tls_key     = "k.pem"

      [database]
      path = "id.db"

      [tokens]
      issuer         = "https://id.example"
      expiry         = "12h"
      service_expiry = "8760h"

      [master_key]
      keyfile = "/srv/mcias/master.key"

      [security]
      argon2_time           = 4
      argon2_memory_kib     = 131072
      argon2_threads        = 2
      lockout_threshold     = 7
      lockout_duration      = "30m"
      login_rate_per_second = 2.5
      login_burst           = 20
      """;

  private static McIasConfig parse(String toml, Map<String, String> env) {
    return new McIasConfigLoader(env, List.of()).parse(toml, Path.of("test.toml"));
  }

  private static McIasConfig parse(String toml) {
    return parse(toml, Map.of());
  }

  @Test
  void theReferenceMinimumConfigLoads() {
    McIasConfig c = parse(MINIMUM);

    assertThat(c.listen()).isEqualTo(new ListenAddress("0.0.0.0", 8443));
    assertThat(c.tlsCert()).isEqualTo(Path.of("/srv/mcias/server.crt"));
    assertThat(c.tlsKey()).isEqualTo(Path.of("/srv/mcias/server.key"));
    assertThat(c.databasePath()).isEqualTo(Path.of("/srv/mcias/mcias.db"));
    assertThat(c.issuer()).isEqualTo("https://auth.example.com");
    assertThat(c.masterKey())
        .isEqualTo(new MasterKeyConfig.PassphraseEnv("MCIAS_MASTER_PASSPHRASE"));
    assertThat(c.loginTokenTtl()).isNull();
    assertThat(c.serviceTokenTtl()).isNull();
    assertThat(c.security()).isEqualTo(McIasConfig.Security.DEFAULTS);
    assertThat(c.security().overridesArgon2()).isFalse();
  }

  @Test
  void everyKeyIsRead() {
    McIasConfig c = parse(EVERY_KEY);

    assertThat(c.listen()).isEqualTo(new ListenAddress("127.0.0.1", 9443));
    assertThat(c.loginTokenTtl()).isEqualTo(Duration.ofHours(12));
    assertThat(c.serviceTokenTtl()).isEqualTo(Duration.ofDays(365));
    assertThat(c.masterKey())
        .isEqualTo(new MasterKeyConfig.KeyFile(Path.of("/srv/mcias/master.key")));
    assertThat(c.security())
        .isEqualTo(
            new McIasConfig.Security(
                4, 131072, 2, 7, Duration.ofMinutes(30), 2.5, 20, null, null, null));
    assertThat(c.security().overridesArgon2()).isTrue();
  }

  @Test
  void theKeyTableListsEverySection() {
    assertThat(McIasConfigLoader.keys())
        .containsOnlyKeys(
            "server", "database", "tokens", "master_key", "security", "webauthn", "tls", "metrics");
    assertThat(McIasConfigLoader.keys().get("server"))
        .containsExactly("listen_addr", "grpc_addr", "tls_cert", "tls_key");
    assertThat(McIasConfigLoader.keys().get("master_key"))
        .containsExactly("passphrase_env", "passphrase_file", "keyfile");
    assertThat(McIasConfigLoader.envName("master_key", "keyfile"))
        .isEqualTo("MCIAS_MASTER_KEY_KEYFILE");
  }

  @Test
  void everyKeyCanBeOverriddenFromTheEnvironment() {
    Map<String, String> env = new HashMap<>();
    env.put("MCIAS_SERVER_LISTEN_ADDR", "10.0.0.1:7000");
    env.put("MCIAS_SERVER_TLS_CERT", "/env/cert.pem");
    env.put("MCIAS_SERVER_TLS_KEY", "/env/key.pem");
    env.put("MCIAS_DATABASE_PATH", "/env/db.sqlite");
    env.put("MCIAS_TOKENS_ISSUER", "https://env.example");
    env.put("MCIAS_TOKENS_EXPIRY", "1h30m");
    env.put("MCIAS_TOKENS_SERVICE_EXPIRY", "48h");
    env.put("MCIAS_SECURITY_ARGON2_TIME", "5");
    env.put("MCIAS_SECURITY_ARGON2_MEMORY_KIB", "65536");
    env.put("MCIAS_SECURITY_ARGON2_THREADS", "3");
    env.put("MCIAS_SECURITY_LOCKOUT_THRESHOLD", "9");
    env.put("MCIAS_SECURITY_LOCKOUT_DURATION", "2m");
    env.put("MCIAS_SECURITY_LOGIN_RATE_PER_SECOND", "0.5");
    env.put("MCIAS_SECURITY_LOGIN_BURST", "4");

    McIasConfig c = parse(MINIMUM, env);

    assertThat(c.listen()).isEqualTo(new ListenAddress("10.0.0.1", 7000));
    assertThat(c.tlsCert()).isEqualTo(Path.of("/env/cert.pem"));
    assertThat(c.tlsKey()).isEqualTo(Path.of("/env/key.pem"));
    assertThat(c.databasePath()).isEqualTo(Path.of("/env/db.sqlite"));
    assertThat(c.issuer()).isEqualTo("https://env.example");
    assertThat(c.loginTokenTtl()).isEqualTo(Duration.ofMinutes(90));
    assertThat(c.serviceTokenTtl()).isEqualTo(Duration.ofHours(48));
    assertThat(c.security())
        .isEqualTo(
            new McIasConfig.Security(
                5, 65536, 3, 9, Duration.ofMinutes(2), 0.5, 4, null, null, null));
  }

  @Test
  void theMasterKeySourceCanBeSwitchedFromTheEnvironment() {
    Map<String, String> env =
        Map.of("MCIAS_MASTER_KEY_PASSPHRASE_ENV", "", "MCIAS_MASTER_KEY_KEYFILE", "/k/master.key");

    assertThat(parse(MINIMUM, env).masterKey())
        .isEqualTo(new MasterKeyConfig.KeyFile(Path.of("/k/master.key")));
  }

  @Test
  void portWinsOverTheFileAndTheEnvironment() {
    Map<String, String> env = Map.of("MCIAS_SERVER_LISTEN_ADDR", "10.0.0.1:7000", "PORT", "12345");

    assertThat(parse(MINIMUM, env).listen()).isEqualTo(new ListenAddress("10.0.0.1", 12345));
    assertThat(parse(MINIMUM, Map.of("PORT", "20000")).listen())
        .isEqualTo(new ListenAddress("0.0.0.0", 20000));
  }

  @Test
  void grpcIsOffUnlessConfiguredAndPortGrpcWinsOverEverything() {
    assertThat(parse(MINIMUM).grpcListen()).isNull();
    String withGrpc = MINIMUM.replace("[database]", "grpc_addr = \"127.0.0.1:9443\"\n\n[database]");
    assertThat(parse(withGrpc).grpcListen()).isEqualTo(new ListenAddress("127.0.0.1", 9443));
    assertThat(parse(withGrpc, Map.of("MCIAS_SERVER_GRPC_ADDR", "10.0.0.2:7443")).grpcListen())
        .isEqualTo(new ListenAddress("10.0.0.2", 7443));
    assertThat(
            parse(withGrpc, Map.of("MCIAS_SERVER_GRPC_ADDR", "10.0.0.2:7443", "PORT_GRPC", "5443"))
                .grpcListen())
        .isEqualTo(new ListenAddress("10.0.0.2", 5443));
    assertThat(parse(MINIMUM, Map.of("PORT_GRPC", "5443")).grpcListen())
        .isEqualTo(new ListenAddress("0.0.0.0", 5443));
    // $PORT moves only the REST listener
    assertThat(parse(withGrpc, Map.of("PORT", "8080")).grpcListen().port()).isEqualTo(9443);
    assertThatThrownBy(() -> parse(MINIMUM, Map.of("PORT_GRPC", "grpc")))
        .hasMessageContaining("$PORT_GRPC must be a port number");
    assertThatThrownBy(() -> parse(withGrpc.replace("127.0.0.1:9443", "nine")))
        .hasMessageContaining("server.grpc_addr must be host:port");
  }

  @Test
  void portAloneIsEnoughWithoutAListenAddress() {
    String noListen = MINIMUM.replace("listen_addr = \"0.0.0.0:8443\"\n", "");

    assertThat(parse(noListen, Map.of("PORT", "8080")).listen())
        .isEqualTo(new ListenAddress("0.0.0.0", 8080));
    assertThatThrownBy(() -> parse(noListen)).hasMessage("config: server.listen_addr is required");
  }

  @Test
  void aBadPortIsRefused() {
    assertThatThrownBy(() -> parse(MINIMUM, Map.of("PORT", "http")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("$PORT must be a port number");
  }

  @Test
  void missingRequiredKeysAreNamed() {
    assertThatThrownBy(
            () -> parse(MINIMUM.replace("tls_cert    = \"/srv/mcias/server.crt\"\n", "")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("config: server.tls_cert is required");
    assertThatThrownBy(
            () -> parse(MINIMUM.replace("tls_key     = \"/srv/mcias/server.key\"\n", "")))
        .hasMessage("config: server.tls_key is required");
    assertThatThrownBy(() -> parse(MINIMUM.replace("path = \"/srv/mcias/mcias.db\"\n", "")))
        .hasMessage("config: database.path is required");
    assertThatThrownBy(() -> parse(MINIMUM.replace("issuer = \"https://auth.example.com\"\n", "")))
        .hasMessage("config: tokens.issuer is required");
  }

  @Test
  void anEmptyFileListsEveryMissingKeyOnOneLine() {
    assertThatThrownBy(() -> parse(""))
        .hasMessage(
            "config: server.listen_addr is required; server.tls_cert is required;"
                + " server.tls_key is required; database.path is required;"
                + " tokens.issuer is required; master_key: set exactly one of passphrase_file,"
                + " passphrase_env or keyfile");
  }

  @Test
  void passphraseEnvAndKeyfileAreExclusive() {
    String both = MINIMUM + "keyfile = \"/srv/mcias/master.key\"\n";
    String neither = MINIMUM.replace("passphrase_env = \"MCIAS_MASTER_PASSPHRASE\"\n", "");

    assertThatThrownBy(() -> parse(both))
        .hasMessage(
            "config: master_key.passphrase_env and master_key.keyfile are mutually exclusive;"
                + " set exactly one");
    assertThatThrownBy(() -> parse(neither))
        .hasMessage(
            "config: master_key: set exactly one of passphrase_file, passphrase_env or keyfile");
  }

  @Test
  void unknownKeysAndSectionsAreNamed() {
    assertThatThrownBy(() -> parse(MINIMUM.replace("[database]", "[database]\npaht = \"x\"")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("config: unknown key database.paht");
    assertThatThrownBy(() -> parse(MINIMUM + "\n[webauthnn]\nrp_id = \"x\"\n"))
        .hasMessageStartingWith("config: unknown section [webauthnn]");
  }

  @Test
  void wrongTypesAreNamed() {
    assertThatThrownBy(() -> parse(MINIMUM + "\n[security]\nargon2_time = \"many\"\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("config: security.argon2_time must be a whole number");
    assertThatThrownBy(() -> parse(MINIMUM, Map.of("MCIAS_SECURITY_LOGIN_RATE_PER_SECOND", "fast")))
        .hasMessage("config: security.login_rate_per_second must be a number");
    assertThatThrownBy(() -> parse("server = 3\n"))
        .hasMessageStartingWith("config: server must be a table");
  }

  @Test
  void badValuesAreRefused() {
    assertThatThrownBy(() -> parse(MINIMUM.replace("0.0.0.0:8443", "localhost")))
        .hasMessageContaining("server.listen_addr must be host:port");
    assertThatThrownBy(() -> parse(MINIMUM + "\n[security]\nlockout_threshold = 0\n"))
        .hasMessage("config: security.lockout_threshold must be at least 1");
    assertThatThrownBy(() -> parse(MINIMUM + "\n[security]\nlockout_threshold = 101\n"))
        .hasMessage("config: security.lockout_threshold must be at most 100");
    assertThatThrownBy(() -> parse(MINIMUM + "\n[security]\nknown_source_budget = 100\n"))
        .hasMessage("config: security.known_source_budget must be at most 99");
    assertThatThrownBy(() -> parse(MINIMUM + "\n[security]\nknown_source_budget = 0\n"))
        .hasMessage("config: security.known_source_budget must be at least 1");
    assertThatThrownBy(() -> parse(MINIMUM + "\n[security]\nlockout_window = \"0s\"\n"))
        .hasMessage("config: security.lockout_window must be positive");
    assertThatThrownBy(() -> parse(MINIMUM + "\n[security]\nknown_source_window = \"-1h\"\n"))
        .hasMessageContaining("security.known_source_window");
    assertThatThrownBy(() -> parse(MINIMUM + "\n[security]\nlogin_rate_per_second = 0\n"))
        .hasMessage("config: security.login_rate_per_second must be greater than 0");
    assertThatThrownBy(() -> parse(MINIMUM.replace("[tokens]", "[tokens]\nexpiry = \"3 days\"")))
        .hasMessageStartingWith("config: tokens.expiry: invalid duration \"3 days\"");
    assertThatThrownBy(() -> parse(MINIMUM.replace("[tokens]", "[tokens]\nexpiry = \"-1h\"")))
        .hasMessage("config: tokens.expiry must be positive");
  }

  @Test
  void invalidTomlIsReportedWithTheFileName() {
    assertThatThrownBy(() -> parse("[server\nlisten_addr = 1"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("config: test.toml is not valid TOML");
  }

  @Test
  void theFileIsFoundByFlagThenEnvironmentThenDefaults(@TempDir Path dir) throws IOException {
    Path flag = Files.writeString(dir.resolve("flag.toml"), MINIMUM);
    Path fromEnv = Files.writeString(dir.resolve("env.toml"), MINIMUM.replace("8443", "1111"));
    Path local = dir.resolve("mcias.toml");
    Path system = Files.writeString(dir.resolve("etc.toml"), MINIMUM.replace("8443", "3333"));
    List<Path> defaults = List.of(local, system);

    McIasConfigLoader withEnv =
        new McIasConfigLoader(Map.of("MCIAS_CONFIG", fromEnv.toString()), defaults);
    McIasConfigLoader withoutEnv = new McIasConfigLoader(Map.of(), defaults);

    assertThat(withEnv.locate(flag)).isEqualTo(flag);
    assertThat(withEnv.locate(null)).isEqualTo(fromEnv);
    assertThat(withEnv.load(null).listen().port()).isEqualTo(1111);
    assertThat(withoutEnv.locate(null)).isEqualTo(system);
    Files.writeString(local, MINIMUM.replace("8443", "2222"));
    assertThat(withoutEnv.locate(null)).isEqualTo(local);
    assertThat(withoutEnv.load(null).listen().port()).isEqualTo(2222);
    assertThat(withoutEnv.load(null).source()).isEqualTo(local);
  }

  @Test
  void noFileAnywhereSaysWhereItLooked(@TempDir Path dir) {
    McIasConfigLoader loader =
        new McIasConfigLoader(
            Map.of(), List.of(dir.resolve("mcias.toml"), dir.resolve("etc.toml")));

    assertThatThrownBy(() -> loader.load(null))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("config: no configuration file found")
        .hasMessageContaining("--config")
        .hasMessageContaining("MCIAS_CONFIG");
    assertThatThrownBy(() -> loader.load(dir.resolve("missing.toml")))
        .hasMessage("config: " + dir.resolve("missing.toml") + ": no such file");
  }

  @Test
  void theStandardLoaderHonoursTheConfigVariable() {
    assertThat(McIasConfigLoader.standard(Map.of("MCIAS_CONFIG", "/x/mcias.toml")).locate(null))
        .isEqualTo(Path.of("/x/mcias.toml"));
  }

  @Test
  void webauthnDefaultsToTheIssuerAndCanBeSet() {
    McIasConfig c = parse(MINIMUM);
    assertThat(c.webauthn())
        .isEqualTo(
            new McIasConfig.Webauthn(
                "auth.example.com", "Metacircular", List.of("https://auth.example.com")));
    McIasConfig set =
        parse(
            MINIMUM
                + """

        [webauthn]
        rp_id = "example.com"
        rp_name = "Example"
        origins = ["https://auth.example.com", "https://crypto.example.com:8443"]
        """);
    assertThat(set.webauthn().rpId()).isEqualTo("example.com");
    assertThat(set.webauthn().origins()).hasSize(2);
    assertThatThrownBy(() -> parse(MINIMUM + "\n[webauthn]\nrp_id = \"10.0.0.1\"\n"))
        .hasMessageContaining("webauthn.rp_id must be a domain name");
    assertThatThrownBy(() -> parse(MINIMUM + "\n[webauthn]\norigins = [\"https://a/b\"]\n"))
        .hasMessageContaining("webauthn.origins entries must be https://host[:port]");
  }
}
