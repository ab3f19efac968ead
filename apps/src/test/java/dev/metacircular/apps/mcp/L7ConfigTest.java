package dev.metacircular.apps.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.apps.config.ConfigException;
import dev.metacircular.apps.routecerts.RouteCertificatesConfig;
import dev.metacircular.apps.routecerts.UnconfiguredRouteCertificates;
import dev.metacircular.ports.routecerts.out.RouteCertificates;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The agent's {@code [certificates]} table and a route's {@code health_path} in a definition: read
 * with defaults, refused with reasons.
 */
class L7ConfigTest {

  static final String CERTIFICATES =
      """
      [certificates]
      issue_url = "https://metacrypt.example:8444"
      ca_cert = "/srv/mcp/certs/ca.pem"
      role = "services"
      token_file = "/srv/mcp/issue.token"
      """;

  @Test
  void theCertificatesTableReadsWithItsDefaultsAndOverrides() {
    AgentConfig c =
        AgentConfig.parse(
            McpConfigTest.AGENT + CERTIFICATES,
            Path.of("agent.toml"),
            Map.of("MCP_AGENT_CERTIFICATES_TTL", "720h"));
    assertThat(c.certificates())
        .isEqualTo(
            new RouteCertificatesConfig(
                URI.create("https://metacrypt.example:8444"),
                Path.of("/srv/mcp/certs/ca.pem"),
                "pki",
                "services",
                Path.of("/srv/mcp/issue.token"),
                "720h"));
    assertThat(AgentConfig.parse(McpConfigTest.AGENT, Path.of("a"), Map.of()).certificates())
        .isNull();
  }

  @Test
  void anIncompleteOrWrongCertificatesTableIsRefusedWithEveryReason() {
    assertThatThrownBy(
            () ->
                AgentConfig.parse(
                    McpConfigTest.AGENT
                        + "[certificates]\nissue_url = \"http://ca.example\"\nttl = \"soon\"\n",
                    Path.of("a"),
                    Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "config: certificates.issue_url must be an https:// URL with a host;"
                + " certificates.role is required in [certificates] (the CA role to issue under);"
                + " certificates.token_file is required in [certificates] (a service token, mode"
                + " 0600); certificates.ttl must be a duration such as \"720h\", \"30d\" or"
                + " \"1h30m\"");
    assertThatThrownBy(
            () ->
                AgentConfig.parse(
                    McpConfigTest.AGENT + CERTIFICATES + "common_name = \"x\"\n",
                    Path.of("a"),
                    Map.of()))
        .hasMessageStartingWith("config: unknown key certificates.common_name");
  }

  @Test
  void withoutTheTableL7RoutesAreToldWhyAndNothingIsWritten() {
    UnconfiguredRouteCertificates none = new UnconfiguredRouteCertificates();
    assertThat(none.provide("web", Path.of("/srv/web/certs"), List.of()))
        .isEqualTo(new RouteCertificates.Outcome.Provided(List.of(), List.of()));
    assertThat(none.provide("web", Path.of("/srv/web/certs"), List.of("web.test")))
        .isEqualTo(
            new RouteCertificates.Outcome.Unavailable(
                "the agent has no [certificates] table (issue_url, role, token_file)"));
  }

  @Test
  void aRoutesHealthPathIsReadAndABadOneRefusedWithItsReason() {
    String base =
        "name = \"web\"\n[[components]]\nname = \"web\"\nimage = \"x:v1\"\n"
            + "[[components.routes]]\nport = 8080\nmode = \"l7\"\nhostname = \"web.test\"\n";
    assertThat(
            DefinitionFile.parse(base + "health_path = \"/healthz\"\n", Path.of("d"))
                .components()
                .get(0)
                .routes()
                .get(0)
                .healthPath())
        .isEqualTo("/healthz");
    assertThat(DefinitionFile.parse(base, Path.of("d")).components().get(0).routes().get(0))
        .satisfies(r -> assertThat(r.healthPath()).isEmpty());
    assertThatThrownBy(
            () ->
                DefinitionFile.parse(
                    base + "health_path = \"http://evil.example/healthz\"\n", Path.of("d")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "definition d: route health_path must be an absolute path such as \"/healthz\" (no"
                + " scheme or host), not \"http://evil.example/healthz\"");
    assertThatThrownBy(() -> DefinitionFile.parse(base + "health_path = \"/a b\"\n", Path.of("d")))
        .hasMessage(
            "definition d: route health_path must be printable ASCII without spaces, not \"/a b\"");
    assertThatThrownBy(() -> DefinitionFile.parse(base + "healthpath = \"/\"\n", Path.of("d")))
        .hasMessageStartingWith("definition: unknown key components.routes.healthpath");
  }
}
