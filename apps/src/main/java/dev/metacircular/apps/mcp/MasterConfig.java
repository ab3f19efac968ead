package dev.metacircular.apps.mcp;

import dev.metacircular.apps.config.ConfigException;
import dev.metacircular.apps.config.ListenAddress;
import dev.metacircular.apps.config.MetricsConfig;
import dev.metacircular.apps.config.StrictToml;
import dev.metacircular.apps.config.TlsIssuing;
import dev.metacircular.apps.config.TlsSection;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.scheduler.BootStage;
import dev.metacircular.ports.scheduler.Names;
import dev.metacircular.ports.scheduler.NodeRole;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * {@code mc mcp master}'s configuration: {@code [server]}, {@code [database]}, {@code [mcias]}
 * (with {@code token_file}, the master's own system-account token for the agents' audience), {@code
 * [master]}, {@code [[nodes]]}, {@code [[boot]]} (the boot stages in order), the optional {@code
 * [web]} (the fleet page's HTTPS listener; {@code web} is null without one) and {@code [tls]} (the
 * certificate from a CA, as the services take it; {@code server.tls_cert} / {@code tls_key} say
 * where it is written). Unknown keys are errors; {@code MCP_MASTER_<SECTION>_<KEY>} overrides keys
 * of the plain sections.
 */
record MasterConfig(
    ListenAddress listen,
    Path tlsCert,
    Path tlsKey,
    Path database,
    URI mciasUrl,
    Path mciasCaCert,
    String serviceName,
    Path tokenFile,
    Duration heartbeatInterval,
    Duration bootCheckTimeout,
    List<NodeEntry> nodes,
    List<BootStage> boot,
    MetricsConfig metrics,
    ListenAddress web,
    TlsIssuing tls) {

  static final String ENV_PREFIX = "MCP_MASTER";
  static final String DEFAULT_SERVICE_NAME = "mcp";

  record File(
      Server server,
      Database database,
      Mcias mcias,
      Master master,
      List<NodeEntry> nodes,
      List<BootEntry> boot,
      MetricsConfig.File metrics,
      Web web,
      TlsSection tls) {}

  record Server(String listenAddr, String tlsCert, String tlsKey) {}

  record Database(String path) {}

  record Mcias(String serverUrl, String caCert, String serviceName, String tokenFile) {}

  record Master(String heartbeatInterval, String bootCheckTimeout) {}

  /** One {@code [[nodes]]} entry: the agent's gRPC address, the CA to trust for it, its role. */
  record NodeEntry(String name, String address, String caCert, String role) {}

  record BootEntry(String name, List<String> services) {}

  /** {@code [web]}: the fleet page's own HTTPS listener, with the {@code [server]} certificate. */
  record Web(String listenAddr) {}

  static MasterConfig load(Path file, Map<String, String> env) {
    try {
      return parse(Files.readString(file), file, env);
    } catch (IOException e) {
      throw new ConfigException("config: cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  static MasterConfig parse(String toml, Path source, Map<String, String> env) {
    File f = StrictToml.read(toml, source, File.class, "config", ENV_PREFIX, env);
    List<String> problems = new ArrayList<>();
    Server s = f.server() == null ? new Server(null, null, null) : f.server();
    AgentConfig.require(s.listenAddr(), "server.listen_addr", problems);
    AgentConfig.require(s.tlsCert(), "server.tls_cert", problems);
    AgentConfig.require(s.tlsKey(), "server.tls_key", problems);
    String db = f.database() == null ? null : f.database().path();
    AgentConfig.require(db, "database.path", problems);
    Mcias m = f.mcias() == null ? new Mcias(null, null, null, null) : f.mcias();
    AgentConfig.require(m.serverUrl(), "mcias.server_url", problems);
    AgentConfig.require(m.tokenFile(), "mcias.token_file", problems);
    List<NodeEntry> nodes = f.nodes() == null ? List.of() : f.nodes();
    HashSet<String> seen = new HashSet<>();
    for (NodeEntry n : nodes) {
      if (!Names.isName(n.name())) {
        problems.add("nodes.name \"" + n.name() + "\" is not a valid node name");
      } else if (!seen.add(n.name())) {
        problems.add("node " + n.name() + " is listed twice");
      }
      AgentConfig.require(n.address(), "nodes.address of " + n.name(), problems);
    }
    MetricsConfig metrics = MetricsConfig.read(f.metrics(), problems);
    ListenAddress web = webListener(f.web(), problems);
    if (web != null && web.port() != 0 && web.equals(parsedOrNull(s.listenAddr()))) {
      problems.add(
          "web.listen_addr must differ from server.listen_addr (the gRPC listener for mcp): "
              + s.listenAddr().trim());
    }
    TlsIssuing tls = TlsIssuing.read(f.tls(), problems);
    if (!problems.isEmpty()) {
      throw new ConfigException("config: " + String.join("; ", problems));
    }
    try {
      for (NodeEntry n : nodes) {
        if (n.role() != null) {
          NodeRole.parse(n.role());
        }
      }
      List<BootStage> boot = new ArrayList<>();
      for (BootEntry b : f.boot() == null ? List.<BootEntry>of() : f.boot()) {
        boot.add(
            new BootStage(
                b.name() == null ? "stage " + (boot.size() + 1) : b.name(),
                b.services() == null ? List.of() : b.services()));
      }
      Master master = f.master() == null ? new Master(null, null) : f.master();
      return new MasterConfig(
          ListenAddress.parse(s.listenAddr()),
          Path.of(s.tlsCert()),
          Path.of(s.tlsKey()),
          Path.of(db),
          URI.create(m.serverUrl()),
          m.caCert() == null ? null : Path.of(m.caCert()),
          m.serviceName() == null ? DEFAULT_SERVICE_NAME : m.serviceName(),
          Path.of(m.tokenFile()),
          AgentConfig.duration(
              master.heartbeatInterval(), Duration.ofSeconds(30), "master.heartbeat_interval"),
          AgentConfig.duration(
              master.bootCheckTimeout(), Duration.ofSeconds(60), "master.boot_check_timeout"),
          nodes,
          boot,
          metrics,
          web,
          tls);
    } catch (DomainException.InvalidInput | IllegalArgumentException e) {
      throw new ConfigException("config: " + e.getMessage(), e);
    }
  }

  /** The fleet page's listener, or null when {@code [web] listen_addr} is absent or empty. */
  private static ListenAddress webListener(Web web, List<String> problems) {
    if (web == null || web.listenAddr() == null || web.listenAddr().isBlank()) {
      return null;
    }
    try {
      return ListenAddress.parse(web.listenAddr().trim());
    } catch (IllegalArgumentException e) {
      problems.add(
          "web.listen_addr must be host:port, got \""
              + web.listenAddr().trim()
              + "\" ("
              + e.getMessage()
              + ")");
      return null;
    }
  }

  /** {@code text} as a listen address, or null when it is none (reported elsewhere). */
  private static ListenAddress parsedOrNull(String text) {
    try {
      return text == null ? null : ListenAddress.parse(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
