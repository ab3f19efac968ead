package dev.metacircular.apps.mcp;

import dev.metacircular.apps.config.ConfigException;
import dev.metacircular.apps.config.GoDuration;
import dev.metacircular.apps.config.ListenAddress;
import dev.metacircular.apps.config.MetricsConfig;
import dev.metacircular.apps.config.StrictToml;
import dev.metacircular.apps.config.TlsIssuing;
import dev.metacircular.apps.config.TlsSection;
import dev.metacircular.apps.routecerts.RouteCertificatesConfig;
import dev.metacircular.domain.agent.AgentSettings;
import dev.metacircular.domain.scheduler.FlapDetector;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.scheduler.Capacity;
import dev.metacircular.ports.scheduler.NodeRole;
import dev.metacircular.ports.scheduler.PortRange;
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
 * {@code mc mcp agent}'s configuration: {@code [agent]}, {@code [database]}, {@code [mcias]},
 * {@code [ports]}, {@code [podman]}, {@code [metrics]}, {@code [tls]} (the certificate from a CA,
 * as the services take it; {@code agent.tls_cert} / {@code tls_key} say where it is written),
 * {@code [certificates]} (optional: where the certificates of l7 routes come from). Unknown keys
 * are errors; {@code MCP_AGENT_<SECTION>_<KEY>} overrides any key.
 */
record AgentConfig(
    AgentSettings settings,
    ListenAddress listen,
    Path tlsCert,
    Path tlsKey,
    Path database,
    URI mciasUrl,
    Path mciasCaCert,
    String serviceName,
    Path containersConf,
    String podmanSocket,
    String podmanExecutable,
    Duration podmanTimeout,
    MetricsConfig metrics,
    TlsIssuing tls,
    RouteCertificatesConfig certificates) {

  static final String ENV_PREFIX = "MCP_AGENT";
  static final String DEFAULT_SERVICE_NAME = "mcp-agent";

  record File(
      Agent agent,
      Database database,
      Mcias mcias,
      Ports ports,
      Podman podman,
      MetricsConfig.File metrics,
      TlsSection tls,
      RouteCertificatesConfig.Section certificates) {}

  record Agent(
      String name,
      String listenAddr,
      String tlsCert,
      String tlsKey,
      String role,
      String publishAddr,
      List<String> allowedAccounts,
      List<String> volumeRoots,
      Integer capacityContainers,
      Integer capacityMemoryMb,
      Integer flapMaxRestarts,
      String flapWindow,
      String stopTimeout,
      String reconcileInterval,
      String serviceRoot) {}

  record Database(String path) {}

  record Mcias(String serverUrl, String caCert, String serviceName) {}

  record Ports(String range) {}

  record Podman(String containersConf, String socket, String executable, String callTimeout) {}

  static AgentConfig load(Path file, Map<String, String> env) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException("config: cannot read " + file + ": " + e.getMessage(), e);
    }
    return parse(text, file, env);
  }

  static AgentConfig parse(String toml, Path source, Map<String, String> env) {
    File f = StrictToml.read(toml, source, File.class, "config", ENV_PREFIX, env);
    List<String> problems = new ArrayList<>();
    Agent a =
        f.agent() == null
            ? new Agent(
                null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null)
            : f.agent();
    require(a.name(), "agent.name", problems);
    require(a.listenAddr(), "agent.listen_addr", problems);
    require(a.tlsCert(), "agent.tls_cert", problems);
    require(a.tlsKey(), "agent.tls_key", problems);
    String dbPath = f.database() == null ? null : f.database().path();
    require(dbPath, "database.path", problems);
    Mcias m = f.mcias() == null ? new Mcias(null, null, null) : f.mcias();
    require(m.serverUrl(), "mcias.server_url", problems);
    MetricsConfig metrics = MetricsConfig.read(f.metrics(), problems);
    TlsIssuing tls = TlsIssuing.read(f.tls(), problems);
    RouteCertificatesConfig certificates = RouteCertificatesConfig.read(f.certificates(), problems);
    if (!problems.isEmpty()) {
      throw new ConfigException("config: " + String.join("; ", problems));
    }
    try {
      ListenAddress listen = ListenAddress.parse(a.listenAddr());
      NodeRole role = a.role() == null ? NodeRole.WORKER : NodeRole.parse(a.role());
      PortRange range =
          f.ports() == null || f.ports().range() == null
              ? PortRange.DEFAULT
              : PortRange.parse(f.ports().range());
      List<String> roots = a.volumeRoots() == null ? List.of("/srv") : a.volumeRoots();
      String publish = a.publishAddr() == null ? listen.host() : a.publishAddr();
      AgentSettings settings =
          new AgentSettings(
              a.name(),
              role,
              publish,
              range,
              roots,
              new HashSet<>(a.allowedAccounts() == null ? List.of() : a.allowedAccounts()),
              new Capacity(
                  a.capacityContainers() == null ? 50 : a.capacityContainers(),
                  a.capacityMemoryMb() == null ? 16384 : a.capacityMemoryMb()),
              a.flapMaxRestarts() == null ? FlapDetector.DEFAULT_MAX_RESTARTS : a.flapMaxRestarts(),
              duration(a.flapWindow(), FlapDetector.DEFAULT_WINDOW, "agent.flap_window"),
              duration(a.stopTimeout(), Duration.ofSeconds(10), "agent.stop_timeout"),
              duration(a.reconcileInterval(), Duration.ofSeconds(60), "agent.reconcile_interval"),
              a.serviceRoot() == null ? AgentSettings.DEFAULT_SERVICE_ROOT : a.serviceRoot());
      Podman p = f.podman() == null ? new Podman(null, null, null, null) : f.podman();
      return new AgentConfig(
          settings,
          listen,
          Path.of(a.tlsCert()),
          Path.of(a.tlsKey()),
          Path.of(dbPath),
          URI.create(m.serverUrl()),
          m.caCert() == null ? null : Path.of(m.caCert()),
          m.serviceName() == null ? DEFAULT_SERVICE_NAME : m.serviceName(),
          p.containersConf() == null ? null : Path.of(p.containersConf()),
          p.socket() == null ? "" : p.socket(),
          p.executable() == null ? "podman" : p.executable(),
          duration(p.callTimeout(), Duration.ofSeconds(30), "podman.call_timeout"),
          metrics,
          tls,
          certificates);
    } catch (DomainException.InvalidInput | IllegalArgumentException e) {
      throw new ConfigException("config: " + e.getMessage(), e);
    }
  }

  static void require(String value, String name, List<String> problems) {
    if (value == null || value.isBlank()) {
      problems.add(name + " is required");
    }
  }

  static Duration duration(String value, Duration fallback, String name) {
    if (value == null) {
      return fallback;
    }
    try {
      Duration d = GoDuration.parse(value);
      if (d.isNegative() || d.isZero()) {
        throw new ConfigException("config: " + name + " must be positive");
      }
      return d;
    } catch (IllegalArgumentException e) {
      throw new ConfigException("config: " + name + ": " + e.getMessage(), e);
    }
  }
}
