package dev.metacircular.apps.crypto;

import com.google.inject.Module;
import dev.metacircular.apps.config.MetacryptConfig;
import dev.metacircular.apps.metrics.MetricsModule;
import dev.metacircular.apps.service.PagesModule;
import dev.metacircular.apps.service.ServerDoors;
import dev.metacircular.domain.engine.ca.CaUrls;
import dev.metacircular.domain.seal.SealSettings;
import dev.metacircular.grpc.CryptoGrpcServer;
import dev.metacircular.ports.crypto.in.CryptoUseCases;
import dev.metacircular.ports.delegation.out.IdentityProvider;
import dev.metacircular.ports.delegation.out.SsoLogin;
import dev.metacircular.rest.CryptoRestServer;
import dev.metacircular.rest.EngineDispatcher;
import dev.metacircular.web.crypto.CryptoWebUi;
import java.time.Clock;
import java.util.List;

/**
 * The crypto service, composed in one place: storage (SQLite), the core, and its doors (REST and
 * the web pages on the HTTPS listener, gRPC when {@code grpc_addr} is set). {@link LocalCrypto}
 * opens the first two, {@link CryptoServer} all of them; to add a door, add its module to {@link
 * #doors}.
 */
final class CryptoService {

  private CryptoService() {}

  /** Storage and core; {@code identity} checks logins and tokens. */
  static List<Module> core(MetacryptConfig config, IdentityProvider identity, Clock clock) {
    return List.of(
        new CryptoStorageModule(config.databasePath()),
        new CryptoCoreModule(identity, sealSettings(config), clock, caUrls(config)),
        new AcmeModule(clock));
  }

  /**
   * The doors, in opening order. Reads the TLS files, then the SSO client secret, now: either
   * failing stops the start before the database is created.
   */
  static List<Module> doors(MetacryptConfig config) {
    ServerDoors server =
        ServerDoors.read(config.listen(), config.grpcListen(), config.tlsCert(), config.tlsKey());
    SsoLogin sso = SsoFromConfig.create(config).orElse(null);
    return List.of(
        server.rest(CryptoUseCases.class, CryptoRestServer::start),
        new PagesModule<>(
            CryptoUseCases.class, api -> CryptoWebUi.routes(api, CryptoWebUi.settings(), sso)),
        server.grpc(
            CryptoUseCases.class,
            // gRPC's generic EngineService takes JSON-shaped data: the REST door's dispatcher.
            (api, settings) ->
                CryptoGrpcServer.start(api, new EngineDispatcher(api.engines()), settings),
            CryptoGrpcServer::port),
        // GET /metrics (admin or metrics token), request timing, [metrics] listen_addr
        new MetricsModule<>(
            "metacrypt", config.metrics(), CryptoUseCases.class, api -> api.auth()::authenticate));
  }

  /**
   * Where certificates from {@code ca} mounts send relying parties for CRLs and OCSP: {@code [pki]
   * base_url}, or this server's own HTTPS address ({@code localhost} when it listens on every
   * interface).
   */
  static CaUrls caUrls(MetacryptConfig config) {
    if (config.pkiBaseUrl() != null) {
      return new CaUrls(config.pkiBaseUrl().toString());
    }
    String host = config.listen().host();
    if (host == null || host.isEmpty() || host.equals("0.0.0.0") || host.equals("::")) {
      host = "localhost";
    } else if (host.contains(":") && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    return new CaUrls("https://" + host + ":" + config.listen().port());
  }

  /** The configured Argon2id cost for init, or the defaults. */
  static SealSettings sealSettings(MetacryptConfig config) {
    return config.sealKdf() == null
        ? SealSettings.DEFAULTS
        : SealSettings.DEFAULTS.withKdf(config.sealKdf());
  }
}
