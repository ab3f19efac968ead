package dev.metacircular.apps.mcp;

import dev.metacircular.apps.config.ConfigException;
import dev.metacircular.apps.config.ServerTls;
import dev.metacircular.apps.metrics.ControlPlaneMetrics;
import dev.metacircular.apps.routecerts.CaRouteCertificates;
import dev.metacircular.apps.routecerts.UnconfiguredRouteCertificates;
import dev.metacircular.apps.tls.CertificateRenewer;
import dev.metacircular.apps.tlsfromca.CaIssuedTls;
import dev.metacircular.domain.agent.AgentCore;
import dev.metacircular.domain.delegation.DelegatedAuthenticator;
import dev.metacircular.grpc.ControlPlaneGrpcServer;
import dev.metacircular.grpc.GrpcSettings;
import dev.metacircular.podman.BundledContainersConf;
import dev.metacircular.podman.PodmanRuntime;
import dev.metacircular.podman.PodmanSettings;
import dev.metacircular.ports.scheduler.RecoveryReport;
import dev.metacircular.ports.scheduler.RuntimeFailure;
import dev.metacircular.rest.RestSettings;
import dev.metacircular.rest.client.IdentityClientSettings;
import dev.metacircular.rest.client.RestIdentityProvider;
import dev.metacircular.sqlite.SqliteControlPlaneStorage;
import dev.metacircular.sqlite.TarZstServiceData;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running agent: its SQLite registry, Podman through the project's containers.conf, logins
 * checked by the identity service for the agent's own audience ({@code mcp-agent} by default), and
 * the gRPC C2 door over TLS. At start it reconciles from its registry (the containers a rebooted
 * Podman lost come back on their ports) and then follows Podman's events.
 */
public final class AgentService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AgentService.class);

  private final SqliteControlPlaneStorage storage;
  private final AgentCore core;
  private final ControlPlaneGrpcServer grpc;
  private final ControlPlaneMetrics metrics;
  private final RecoveryReport startup;
  private final CaRouteCertificates certificates;

  /** Renews the certificate with {@code [tls]}; null without. */
  private CertificateRenewer renewer;

  private AgentService(
      SqliteControlPlaneStorage storage,
      AgentCore core,
      ControlPlaneGrpcServer grpc,
      ControlPlaneMetrics metrics,
      RecoveryReport startup,
      CaRouteCertificates certificates) {
    this.certificates = certificates;
    this.storage = storage;
    this.core = core;
    this.grpc = grpc;
    this.metrics = metrics;
    this.startup = startup;
  }

  /**
   * Starts the agent; with {@code [tls]} its certificate comes from the CA first (issued when the
   * files are missing) and is renewed while it runs. Either way the listener reads the certificate
   * files again at the next handshake after they changed: no restart.
   */
  public static AgentService start(AgentConfig config, Clock clock) {
    return CaIssuedTls.startRenewing(
        config.tls(),
        config.tlsCert(),
        config.tlsKey(),
        clock,
        renewer -> {
          AgentService started = listen(config, clock);
          started.renewer = renewer;
          return started;
        });
  }

  private static AgentService listen(AgentConfig config, Clock clock) {
    RestSettings tls = ServerTls.restSettings(config.listen(), config.tlsCert(), config.tlsKey());
    GrpcSettings grpcSettings =
        GrpcSettings.of(
                config.listen().host(),
                config.listen().port(),
                tls.tls().keyStore(),
                tls.tls().keyStorePassword())
            .withLiveKeys(tls.tls().liveKeys());
    Path containersConf =
        config.containersConf() != null
            ? config.containersConf()
            : BundledContainersConf.writeTo(
                config.database().toAbsolutePath().getParent().resolve("podman"));
    PodmanRuntime runtime =
        new PodmanRuntime(
            new PodmanSettings(
                config.podmanExecutable(),
                containersConf,
                config.podmanSocket(),
                config.podmanTimeout(),
                java.time.Duration.ofMinutes(10)));
    String version;
    try {
      version = runtime.version();
    } catch (RuntimeFailure e) {
      throw new ConfigException("podman does not answer: " + e.getMessage(), e);
    }
    ControlPlaneMetrics metrics = ControlPlaneMetrics.start("mcp-agent", config.metrics());
    SqliteControlPlaneStorage storage;
    try {
      storage = SqliteControlPlaneStorage.open(config.database());
    } catch (RuntimeException e) {
      metrics.close();
      throw e;
    }
    metrics.countRefusals(storage);
    AgentCore core = null;
    CaRouteCertificates fromCa =
        config.certificates() == null
            ? null
            : new CaRouteCertificates(config.certificates(), clock);
    try {
      RestIdentityProvider identity =
          new RestIdentityProvider(
              IdentityClientSettings.of(
                  config.mciasUrl(), config.mciasCaCert(), config.serviceName(), List.of()));
      core =
          new AgentCore(
              config.settings(),
              runtime,
              storage.registry(),
              metrics.reporting(storage.audit()),
              new SocketHostPorts(),
              new TarZstServiceData(),
              fromCa == null ? new UnconfiguredRouteCertificates() : fromCa,
              clock);
      RecoveryReport startup = core.startWatching();
      ControlPlaneGrpcServer grpc =
          ControlPlaneGrpcServer.agent(
              core, new DelegatedAuthenticator(identity), metrics.observing(grpcSettings));
      LOG.info(
          "mcp agent {} ({}) listening on {}:{} with podman {}; recovered {} step(s), {} failed",
          config.settings().name(),
          config.settings().role().wireName(),
          config.listen().host(),
          grpc.port(),
          version,
          startup.applied().size(),
          startup.failed().size());
      return new AgentService(storage, core, grpc, metrics, startup, fromCa);
    } catch (RuntimeException e) {
      if (core != null) {
        core.close();
      }
      if (fromCa != null) {
        fromCa.close();
      }
      storage.close();
      metrics.close();
      throw e;
    }
  }

  public int port() {
    return grpc.port();
  }

  /** The metrics listener's port ({@code [metrics] listen_addr}), or -1 without one. */
  public int metricsPort() {
    return metrics.port();
  }

  /** What the start-up reconciliation did. */
  public RecoveryReport startup() {
    return startup;
  }

  @Override
  public void close() {
    grpc.close();
    core.close();
    if (certificates != null) {
      certificates.close();
    }
    storage.close();
    metrics.close();
    if (renewer != null) {
      renewer.close();
    }
  }
}
