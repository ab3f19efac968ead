package dev.metacircular.apps.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.apps.config.ConfigException;
import dev.metacircular.apps.config.ListenAddress;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The master's optional {@code [web]} section: the fleet page's HTTPS listener. */
class MasterWebConfigTest {

  static final String BASE =
      """
      [server]
      listen_addr = "127.0.0.1:9555"
      tls_cert = "c"
      tls_key = "k"
      [database]
      path = "/srv/mcp/master.db"
      [mcias]
      server_url = "https://mcias.example:8443"
      token_file = "/srv/mcp/master.token"
      """;

  static MasterConfig parse(String toml, Map<String, String> env) {
    return MasterConfig.parse(toml, Path.of("master.toml"), env);
  }

  @Test
  void withoutAWebSectionThereIsNoFleetPage() {
    assertThat(parse(BASE, Map.of()).web()).isNull();
    assertThat(parse(BASE + "[web]\nlisten_addr = \"\"\n", Map.of()).web()).isNull();
  }

  @Test
  void theWebSectionNamesTheListenerAndTheEnvironmentOverridesIt() {
    assertThat(parse(BASE + "[web]\nlisten_addr = \"0.0.0.0:9556\"\n", Map.of()).web())
        .isEqualTo(new ListenAddress("0.0.0.0", 9556));
    assertThat(parse(BASE, Map.of("MCP_MASTER_WEB_LISTEN_ADDR", "127.0.0.1:9557")).web())
        .isEqualTo(new ListenAddress("127.0.0.1", 9557));
  }

  @Test
  void aBadAddressOrAnUnknownKeyIsRefusedByName() {
    assertThatThrownBy(() -> parse(BASE + "[web]\nlisten_addr = \"nowhere\"\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "config: web.listen_addr must be host:port, got \"nowhere\" (expected host:port)");
    assertThatThrownBy(() -> parse(BASE + "[web]\nlisten = \"127.0.0.1:1\"\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("config: unknown key web.listen");
    assertThatThrownBy(() -> parse(BASE + "[web]\nlisten_addr = \"127.0.0.1:9555\"\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "config: web.listen_addr must differ from server.listen_addr (the gRPC listener for"
                + " mcp): 127.0.0.1:9555");
  }
}
