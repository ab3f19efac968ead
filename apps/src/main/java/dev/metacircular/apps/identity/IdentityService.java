package dev.metacircular.apps.identity;

import com.google.inject.Module;
import dev.metacircular.apps.config.McIasConfig;
import dev.metacircular.apps.health.ReadinessModule;
import dev.metacircular.apps.metrics.MetricsModule;
import dev.metacircular.apps.service.PagesModule;
import dev.metacircular.apps.service.ServerDoors;
import dev.metacircular.domain.identity.IdentityCore;
import dev.metacircular.domain.identity.IdentitySettings;
import dev.metacircular.domain.identity.MasterKeySource;
import dev.metacircular.grpc.IdentityGrpcServer;
import dev.metacircular.ports.identity.in.IdentityUseCases;
import dev.metacircular.rest.IdentityRestServer;
import dev.metacircular.sqlite.SqliteIdentityStorage;
import dev.metacircular.web.identity.IdentityWebUi;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The identity service, composed in one place: storage (SQLite), the core, and its doors (REST and
 * the web pages on the HTTPS listener, gRPC when {@code grpc_addr} is set). {@link LocalIdentity}
 * opens the first two, {@link IdentityServer} all of them; to add a door, add its module to {@link
 * #doors}.
 */
final class IdentityService {

  private IdentityService() {}

  /**
   * Reads the settings and the master key material first (a bad setting or a missing passphrase
   * fails before the database is created or opened), gives {@code open} the storage and core
   * modules, and wipes the key material once {@code open} returns or fails.
   */
  static <T> T withCore(
      McIasConfig config,
      Map<String, String> env,
      Clock clock,
      UnaryOperator<IdentitySettings> tuning,
      Function<List<Module>, T> open) {
    IdentitySettings settings = tuning.apply(SettingsFromConfig.settings(config));
    MasterKeySource key = MasterKeys.load(config.masterKey(), env);
    try {
      return open.apply(
          List.of(
              new IdentityStorageModule(config.databasePath()),
              new IdentityCoreModule(config, clock, settings, key)));
    } finally {
      MasterKeys.wipe(key);
    }
  }

  /** The doors, in opening order; reads the TLS files now. */
  static List<Module> doors(McIasConfig config) {
    ServerDoors server =
        ServerDoors.read(config.listen(), config.grpcListen(), config.tlsCert(), config.tlsKey());
    return List.of(
        server.rest(IdentityUseCases.class, IdentityRestServer::start),
        // login, profile, admin pages and the SSO authorize step
        new PagesModule<>(
            IdentityUseCases.class, api -> IdentityWebUi.routes(api, IdentityWebUi.settings())),
        server.grpc(IdentityUseCases.class, IdentityGrpcServer::start, IdentityGrpcServer::port),
        // GET /metrics (admin or metrics token), request timing, [metrics] listen_addr
        new MetricsModule<>(
            "mcias", config.metrics(), IdentityUseCases.class, api -> api.tokens()::authenticate),
        // GET /v1/ready: the database takes a write (storage, audit)
        new ReadinessModule<>(
            SqliteIdentityStorage.class,
            IdentityCore.class,
            (storage, core) -> storage.readinessChecks()));
  }
}
