package dev.metacircular.apps.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.apps.config.ConfigException;
import dev.metacircular.ports.scheduler.NodeRole;
import dev.metacircular.ports.scheduler.PortRange;
import dev.metacircular.ports.scheduler.RouteMode;
import dev.metacircular.ports.scheduler.ServiceDefinition;
import dev.metacircular.ports.scheduler.Tier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The control plane's configuration files and service definitions: strict, with reasons. */
class McpConfigTest {

  static final String AGENT =
      """
      [agent]
      name = "rift"
      listen_addr = "10.0.0.2:9444"
      tls_cert = "/srv/mcp/certs/cert.pem"
      tls_key = "/srv/mcp/certs/key.pem"
      role = "master"
      allowed_accounts = ["mcp-master"]
      [database]
      path = "/srv/mcp/agent.db"
      [mcias]
      server_url = "https://mcias.example:8443"
      service_name = "mcp-agent"
      [ports]
      range = "20000-21000"
      """;

  @Test
  void anAgentConfigReadsWithDefaultsAndEnvironmentOverrides() {
    AgentConfig c =
        AgentConfig.parse(AGENT, Path.of("agent.toml"), Map.of("MCP_AGENT_AGENT_ROLE", "worker"));
    assertThat(c.settings().name()).isEqualTo("rift");
    assertThat(c.settings().role()).isEqualTo(NodeRole.WORKER);
    assertThat(c.settings().publishAddress()).isEqualTo("10.0.0.2");
    assertThat(c.settings().ports()).isEqualTo(new PortRange(20000, 21000));
    assertThat(c.settings().volumeRoots()).containsExactly("/srv");
    assertThat(c.settings().allowedAccounts()).isEqualTo(Set.of("mcp-master"));
    assertThat(c.settings().flapMaxRestarts()).isEqualTo(5);
    assertThat(c.settings().flapWindow()).isEqualTo(Duration.ofMinutes(10));
    assertThat(c.serviceName()).isEqualTo("mcp-agent");
    assertThat(c.podmanExecutable()).isEqualTo("podman");
  }

  @Test
  void anAgentConfigRefusesUnknownKeysAndMissingOnes() {
    assertThatThrownBy(
            () ->
                AgentConfig.parse(
                    AGENT + "[podman]\nsocket_path = \"x\"\n", Path.of("a"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("config: unknown key podman.socket_path");
    assertThatThrownBy(() -> AgentConfig.parse("[agent]\nname = \"x\"\n", Path.of("a"), Map.of()))
        .hasMessage(
            "config: agent.listen_addr is required; agent.tls_cert is required; agent.tls_key is"
                + " required; database.path is required; mcias.server_url is required");
    assertThatThrownBy(
            () ->
                AgentConfig.parse(
                    AGENT.replace("role = \"master\"", "role = \"boss\""), Path.of("a"), Map.of()))
        .hasMessage("config: role must be worker, edge or master, not \"boss\"");
    assertThatThrownBy(
            () ->
                AgentConfig.parse(
                    AGENT.replace("20000-21000", "21000-20000"), Path.of("a"), Map.of()))
        .hasMessageContaining("LOW <= HIGH");
  }

  @Test
  void aMasterConfigReadsNodesAndBootStages() {
    MasterConfig c =
        MasterConfig.parse(
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
            [master]
            heartbeat_interval = "10s"
            [[nodes]]
            name = "rift"
            address = "10.0.0.2:9444"
            role = "master"
            [[nodes]]
            name = "orion"
            address = "10.0.0.3:9444"
            [[boot]]
            name = "identity"
            services = ["mcias"]
            [[boot]]
            name = "crypto"
            services = ["metacrypt"]
            """,
            Path.of("master.toml"),
            Map.of());
    assertThat(c.serviceName()).isEqualTo("mcp");
    assertThat(c.heartbeatInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.nodes()).extracting(MasterConfig.NodeEntry::name).containsExactly("rift", "orion");
    assertThat(c.boot())
        .extracting(b -> b.name() + "=" + b.services())
        .containsExactly("identity=[mcias]", "crypto=[metacrypt]");
    assertThatThrownBy(
            () ->
                MasterConfig.parse(
                    "[[nodes]]\nname = \"x\"\nadress = \"y\"\n", Path.of("m"), Map.of()))
        .hasMessageStartingWith("config: unknown key nodes.adress");
  }

  @Test
  void aDefinitionReadsSeed003sFormat() {
    ServiceDefinition d =
        DefinitionFile.parse(
            """
            name = "metacrypt"
            tier = "core"
            version = "v1.0.0"

            [[components]]
            name = "api"
            image = "mcr.svc.mcp.metacircular.net:8443/metacrypt:v1.0.0"
            volumes = ["/srv/metacrypt:/srv/metacrypt"]
            cmd = ["server", "--config", "/srv/metacrypt/metacrypt.toml"]
            env = ["LOG=info"]

            [[components.routes]]
            name = "rest"
            port = 8443
            mode = "l7"
            hostname = "crypto.example"

            [[components.routes]]
            name = "grpc"
            port = 9443
            mode = "l4"
            """,
            Path.of("metacrypt.toml"));
    assertThat(d.tier()).isEqualTo(Tier.CORE);
    assertThat(d.components().get(0).image().tag()).isEqualTo("v1.0.0");
    assertThat(d.components().get(0).routes())
        .extracting(r -> r.portVariable() + " " + r.mode())
        .containsExactly("PORT_REST " + RouteMode.L7, "PORT_GRPC " + RouteMode.L4);
    assertThat(d.components().get(0).cmd())
        .isEqualTo(List.of("server", "--config", "/srv/metacrypt/metacrypt.toml"));
  }

  @Test
  void badDefinitionsAreRefusedWithTheirReason() {
    String base = "name = \"web\"\n[[components]]\nname = \"web\"\n";
    assertThatThrownBy(() -> DefinitionFile.parse(base + "image = \"busybox\"\n", Path.of("d")))
        .hasMessage(
            "definition d: image \"busybox\" has no tag: pin a version such as busybox:v1.0.0");
    assertThatThrownBy(() -> DefinitionFile.parse(base + "image = \"x:latest\"\n", Path.of("d")))
        .hasMessageContaining("uses the latest tag");
    assertThatThrownBy(
            () ->
                DefinitionFile.parse(base + "image = \"x:v1\"\nprivileged = true\n", Path.of("d")))
        .hasMessageStartingWith("definition: unknown key components.privileged");
    assertThatThrownBy(() -> DefinitionFile.parse("name = \"web\"\n", Path.of("d")))
        .hasMessage("definition d: service web has no components: add at least one [[components]]");
    assertThatThrownBy(
            () ->
                DefinitionFile.parse(
                    base + "image = \"x:v1\"\n[[components.routes]]\nport = 1\nmode = \"l9\"\n",
                    Path.of("d")))
        .hasMessage("definition d: route mode must be l4 or l7, not \"l9\"");
  }

  @Test
  void theServiceRootDefaultsToSrvCanBeOverriddenAndMustBeAbsolute() {
    assertThat(AgentConfig.parse(AGENT, Path.of("a"), Map.of()).settings().serviceRoot())
        .isEqualTo("/srv");
    AgentConfig moved =
        AgentConfig.parse(
            AGENT.replace("role = \"master\"", "role = \"master\"\nservice_root = \"/data\""),
            Path.of("a"),
            Map.of());
    assertThat(moved.settings().dataDirectory("web")).isEqualTo(Path.of("/data/web"));
    assertThat(
            AgentConfig.parse(AGENT, Path.of("a"), Map.of("MCP_AGENT_AGENT_SERVICE_ROOT", "/var/x"))
                .settings()
                .serviceRoot())
        .isEqualTo("/var/x");
    assertThatThrownBy(
            () ->
                AgentConfig.parse(
                    AGENT, Path.of("a"), Map.of("MCP_AGENT_AGENT_SERVICE_ROOT", "srv")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("config: service_root must be an absolute path, not srv");
  }
}
