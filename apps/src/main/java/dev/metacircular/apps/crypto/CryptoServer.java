package dev.metacircular.apps.crypto;

import com.google.inject.Module;
import dev.metacircular.apps.config.MetacryptConfig;
import dev.metacircular.apps.health.ReadinessModule;
import dev.metacircular.apps.service.Opened;
import dev.metacircular.apps.service.ServiceServer;
import dev.metacircular.apps.tlsfromca.CaIssuedTls;
import dev.metacircular.domain.crypto.CryptoCore;
import dev.metacircular.domain.health.ReadinessChecks;
import dev.metacircular.ports.delegation.out.IdentityProvider;
import dev.metacircular.ports.health.out.ReadinessCheck;
import dev.metacircular.sqlite.SqliteCryptoStorage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The crypto server: the core over its database, served over TLS (the REST API and the web UI on
 * one port) and, when {@code [server] grpc_addr} is set, by gRPC on the same certificate ({@link
 * CryptoService} composes it). It starts sealed (or uninitialized) unless a step before listening
 * unseals it (dev mode). Closing stops the servers first, then seals and closes the core.
 */
public final class CryptoServer extends ServiceServer<CryptoCore> {

  private CryptoServer(Opened<CryptoCore> opened) {
    super(opened);
  }

  /** Opens the database and core, then listens. Nothing stays open when a step fails. */
  public static CryptoServer start(MetacryptConfig config, IdentityProvider identity, Clock clock) {
    return start(config, identity, clock, List.of());
  }

  /**
   * The same with more modules composed in: dev mode adds its step that unseals the barrier before
   * any door listens.
   */
  public static CryptoServer start(
      MetacryptConfig config, IdentityProvider identity, Clock clock, List<Module> more) {
    List<Module> modules =
        new ArrayList<>(
            CaIssuedTls.prepare(config.tlsIssuing(), config.tlsCert(), config.tlsKey(), clock));
    modules.addAll(CryptoService.doors(config));
    modules.addAll(CryptoService.core(config, identity, clock));
    modules.addAll(more);
    // GET /v1/ready: the database takes a write, the barrier is unsealed, identity answers
    modules.add(
        new ReadinessModule<>(
            SqliteCryptoStorage.class,
            CryptoCore.class,
            (storage, core) -> {
              List<ReadinessCheck> checks = new ArrayList<>(storage.readinessChecks());
              checks.add(ReadinessChecks.unsealed(core.seal()));
              checks.add(ReadinessChecks.identityReachable(identity));
              return checks;
            }));
    CryptoServer started = new CryptoServer(serve(CryptoCore.class, modules));
    started.logListening(Map.of("state", started.core().seal().state().wireName()));
    return started;
  }
}
