package dev.metacircular.apps.mcp;

import dev.metacircular.apps.config.ConfigException;
import dev.metacircular.apps.config.ServerTls;
import dev.metacircular.apps.metrics.ControlPlaneMetrics;
import dev.metacircular.apps.tls.CertificateRenewer;
import dev.metacircular.apps.tlsfromca.CaIssuedTls;
import dev.metacircular.domain.delegation.DelegatedAuthenticator;
import dev.metacircular.domain.master.MasterCore;
import dev.metacircular.domain.master.MasterSettings;
import dev.metacircular.domain.master.NodeConnection;
import dev.metacircular.grpc.ControlPlaneGrpcServer;
import dev.metacircular.grpc.GrpcAgentClient;
import dev.metacircular.grpc.GrpcEndpoint;
import dev.metacircular.grpc.GrpcSettings;
import dev.metacircular.ports.client.BearerToken;
import dev.metacircular.ports.scheduler.NodeRole;
import dev.metacircular.rest.RestSettings;
import dev.metacircular.rest.WebServer;
import dev.metacircular.rest.client.IdentityClientSettings;
import dev.metacircular.rest.client.RestIdentityProvider;
import dev.metacircular.sqlite.SqliteControlPlaneStorage;
import dev.metacircular.web.fleet.FleetWebUi;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running master: its SQLite registry of the fleet, one gRPC client per configured agent
 * (carrying the master's own system-account token from {@code mcias.token_file}), heartbeats, and
 * the {@code MasterService} door for the {@code mcp} command (tokens of the {@code mcp} audience),
 * and, with {@code [web] listen_addr}, the read-only fleet page on its own HTTPS listener (same
 * certificate, same audience).
 */
public final class MasterService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MasterService.class);

  private final SqliteControlPlaneStorage storage;
  private final MasterCore core;
  private final ControlPlaneGrpcServer grpc;
  private final ControlPlaneMetrics metrics;
  private final List<GrpcAgentClient> agents;
  private final WebServer web; // null without [web] listen_addr

  /** Renews the certificate with {@code [tls]}; null without. */
  private CertificateRenewer renewer;

  private MasterService(
      SqliteControlPlaneStorage storage,
      MasterCore core,
      ControlPlaneGrpcServer grpc,
      ControlPlaneMetrics metrics,
      List<GrpcAgentClient> agents,
      WebServer web) {
    this.storage = storage;
    this.core = core;
    this.grpc = grpc;
    this.metrics = metrics;
    this.agents = agents;
    this.web = web;
  }

  /**
   * Starts the master; with {@code [tls]} its certificate comes from the CA first (issued when the
   * files are missing) and is renewed while it runs. Either way the listener reads the certificate
   * files again at the next handshake after they changed: no restart.
   */
  public static MasterService start(MasterConfig config, Clock clock) {
    return CaIssuedTls.startRenewing(
        config.tls(),
        config.tlsCert(),
        config.tlsKey(),
        clock,
        renewer -> {
          MasterService started = listen(config, clock);
          started.renewer = renewer;
          return started;
        });
  }

  private static MasterService listen(MasterConfig config, Clock clock) {
    RestSettings tls = ServerTls.restSettings(config.listen(), config.tlsCert(), config.tlsKey());
    GrpcSettings grpcSettings =
        GrpcSettings.of(
                config.listen().host(),
                config.listen().port(),
                tls.tls().keyStore(),
                tls.tls().keyStorePassword())
            .withLiveKeys(tls.tls().liveKeys());
    BearerToken token = new BearerToken();
    token.set(readToken(config.tokenFile()));
    List<GrpcAgentClient> agents = new ArrayList<>();
    List<NodeConnection> connections = new ArrayList<>();
    for (MasterConfig.NodeEntry n : config.nodes()) {
      GrpcAgentClient client =
          new GrpcAgentClient(
              GrpcEndpoint.of(
                  URI.create("https://" + n.address()),
                  n.caCert() == null ? null : Path.of(n.caCert()),
                  token));
      agents.add(client);
      connections.add(
          new NodeConnection(
              n.name(), n.address(), n.role() == null ? null : NodeRole.parse(n.role()), client));
    }
    ControlPlaneMetrics metrics = ControlPlaneMetrics.start("mcp-master", config.metrics());
    SqliteControlPlaneStorage storage;
    try {
      storage = SqliteControlPlaneStorage.open(config.database());
    } catch (RuntimeException e) {
      agents.forEach(GrpcAgentClient::close);
      metrics.close();
      throw e;
    }
    metrics.countRefusals(storage);
    MasterCore core = null;
    ControlPlaneGrpcServer grpc = null;
    try {
      core =
          new MasterCore(
              new MasterSettings(
                  config.heartbeatInterval(), 3, config.boot(), config.bootCheckTimeout()),
              connections,
              storage.registry(),
              metrics.reporting(storage.audit()),
              new SocketHealthProbe(),
              clock);
      core.startHeartbeats();
      RestIdentityProvider identity =
          new RestIdentityProvider(
              IdentityClientSettings.of(
                  config.mciasUrl(), config.mciasCaCert(), config.serviceName(), List.of()));
      DelegatedAuthenticator auth = new DelegatedAuthenticator(identity);
      grpc = ControlPlaneGrpcServer.master(core, auth, metrics.observing(grpcSettings));
      WebServer web =
          config.web() == null
              ? null
              : WebServer.start(
                  RestSettings.of(config.web().host(), config.web().port(), tls.tls()),
                  FleetWebUi.routes(core, auth, FleetWebUi.settings()));
      if (web != null) {
        LOG.info("mcp master fleet page on https://{}:{}/", config.web().host(), web.port());
      }
      LOG.info(
          "mcp master listening on {}:{} with {} node(s)",
          config.listen().host(),
          grpc.port(),
          connections.size());
      return new MasterService(storage, core, grpc, metrics, agents, web);
    } catch (RuntimeException e) {
      if (grpc != null) {
        grpc.close();
      }
      if (core != null) {
        core.close();
      }
      agents.forEach(GrpcAgentClient::close);
      storage.close();
      metrics.close();
      throw e;
    }
  }

  static String readToken(Path file) {
    try {
      String token = Files.readString(file).strip();
      if (token.isEmpty()) {
        throw new ConfigException("config: mcias.token_file " + file + " is empty");
      }
      return token;
    } catch (IOException e) {
      throw new ConfigException(
          "config: mcias.token_file " + file + " cannot be read: " + e.getMessage(), e);
    }
  }

  public int port() {
    return grpc.port();
  }

  /** The metrics listener's port ({@code [metrics] listen_addr}), or -1 without one. */
  public int metricsPort() {
    return metrics.port();
  }

  /** The fleet page's port ({@code [web] listen_addr}), or -1 without one. */
  public int webPort() {
    return web == null ? -1 : web.port();
  }

  /** One heartbeat round now (tests). */
  void probeNow() {
    core.probeAll();
  }

  @Override
  public void close() {
    if (web != null) {
      web.close();
    }
    grpc.close();
    core.close();
    agents.forEach(GrpcAgentClient::close);
    storage.close();
    metrics.close();
    if (renewer != null) {
      renewer.close();
    }
  }
}
