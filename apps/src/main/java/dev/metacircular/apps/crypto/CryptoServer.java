package dev.metacircular.apps.crypto;

import dev.metacircular.apps.config.ListenAddress;
import dev.metacircular.apps.config.MetacryptConfig;
import dev.metacircular.apps.config.ServerTls;
import dev.metacircular.domain.crypto.CryptoCore;
import dev.metacircular.grpc.CryptoGrpcApi;
import dev.metacircular.grpc.CryptoGrpcServer;
import dev.metacircular.grpc.GrpcSettings;
import dev.metacircular.ports.delegation.IdentityProvider;
import dev.metacircular.ports.delegation.SsoLogin;
import dev.metacircular.rest.CryptoRestApi;
import dev.metacircular.rest.CryptoRestServer;
import dev.metacircular.rest.EngineDispatcher;
import dev.metacircular.rest.RestSettings;
import dev.metacircular.web.crypto.CryptoWebApi;
import dev.metacircular.web.crypto.CryptoWebUi;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The crypto server: the core over its database, served over TLS (the REST API and the web UI on
 * one port) and, when {@code [server] grpc_addr} is set, by gRPC on the same certificate. It starts
 * sealed (or uninitialized). Closing stops the servers first, then seals and closes the core.
 */
public final class CryptoServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CryptoServer.class);

  private final LocalCrypto crypto;
  private final CryptoRestServer rest;
  private final ListenAddress listen;
  private final SsoLogin sso;
  private final CryptoGrpcServer grpc;
  private final ListenAddress grpcListen;
  private boolean closed;

  private CryptoServer(
      LocalCrypto crypto,
      CryptoRestServer rest,
      ListenAddress listen,
      SsoLogin sso,
      CryptoGrpcServer grpc,
      ListenAddress grpcListen) {
    this.crypto = crypto;
    this.rest = rest;
    this.listen = listen;
    this.sso = sso;
    this.grpc = grpc;
    this.grpcListen = grpcListen;
  }

  /** Opens the database and core, then listens. Nothing stays open when a step fails. */
  public static CryptoServer start(MetacryptConfig config, IdentityProvider identity, Clock clock) {
    // TLS material first: a bad certificate fails before the database is created.
    RestSettings settings =
        ServerTls.restSettings(config.listen(), config.tlsCert(), config.tlsKey());
    // The SSO client secret next: a missing secret file fails before anything is opened.
    SsoLogin sso = SsoFromConfig.create(config).orElse(null);
    GrpcSettings grpcSettings = ServerTls.grpcSettings(config.grpcListen(), settings);
    LocalCrypto crypto = LocalCrypto.open(config, identity, clock);
    try {
      CryptoCore core = crypto.core();
      CryptoRestServer rest =
          CryptoRestServer.start(
              new CryptoRestApi(
                  core.seal(),
                  core.auth(),
                  core.mounts(),
                  core.operations(),
                  core.policy(),
                  core.audit()),
              settings,
              // The web UI on the same port and TLS listener as the API.
              CryptoWebUi.routes(
                  new CryptoWebApi(
                      core.seal(), core.auth(), core.mounts(), core.operations(), core.policy()),
                  CryptoWebUi.settings(),
                  sso));
      CryptoGrpcServer grpc = null;
      if (grpcSettings != null) {
        try {
          grpc =
              CryptoGrpcServer.start(
                  new CryptoGrpcApi(
                      core.seal(),
                      core.auth(),
                      core.mounts(),
                      new EngineDispatcher(core.operations()),
                      core.operations(),
                      core.transitData(),
                      core.policy(),
                      core.audit()),
                  grpcSettings);
        } catch (RuntimeException | Error e) {
          rest.close();
          throw e;
        }
      }
      CryptoServer started =
          new CryptoServer(crypto, rest, config.listen(), sso, grpc, config.grpcListen());
      log.atInfo()
          .addKeyValue("addr", started.address())
          .addKeyValue("grpc_addr", started.grpcAddress())
          .addKeyValue("state", core.seal().state().wireName())
          .log("listening");
      return started;
    } catch (RuntimeException | Error e) {
      crypto.close();
      throw e;
    }
  }

  /** The HTTPS routes served ({@code "METHOD /path"}), the web UI's included. */
  public List<String> restRoutes() {
    return rest.routes();
  }

  public int port() {
    return rest.port();
  }

  /** The gRPC port actually bound, or -1 when no gRPC server is configured. */
  public int grpcPort() {
    return grpc == null ? -1 : grpc.port();
  }

  /** {@code host:port} of the gRPC server as bound, or null when none is configured. */
  public String grpcAddress() {
    return grpc == null ? null : grpcListen.withPort(grpc.port()).toString();
  }

  /** {@code host:port} as bound. */
  public String address() {
    return listen.withPort(port()).toString();
  }

  public CryptoCore core() {
    return crypto.core();
  }

  /** The SSO client, when {@code [sso]} is configured. */
  public Optional<SsoLogin> sso() {
    return Optional.ofNullable(sso);
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (grpc != null) {
        grpc.close();
      }
    } finally {
      closeRestAndCore();
    }
  }

  private void closeRestAndCore() {
    try {
      rest.close();
    } finally {
      crypto.close();
      log.info("stopped");
    }
  }
}
