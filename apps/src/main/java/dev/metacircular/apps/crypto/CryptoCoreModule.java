package dev.metacircular.apps.crypto;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.OptionalBinder;
import dev.metacircular.apps.service.Lifecycle;
import dev.metacircular.domain.crypto.CryptoCore;
import dev.metacircular.domain.delegation.DelegatedAuthenticator;
import dev.metacircular.domain.engine.ca.CaEngineType;
import dev.metacircular.domain.engine.ca.CaUrls;
import dev.metacircular.domain.engine.sshca.SshCaEngineType;
import dev.metacircular.domain.engine.transit.TransitEngineType;
import dev.metacircular.domain.engine.u2u.UserCryptoEngineType;
import dev.metacircular.domain.seal.SealSettings;
import dev.metacircular.ports.crypto.in.CryptoUseCases;
import dev.metacircular.ports.delegation.out.IdentityProvider;
import dev.metacircular.ports.engine.spi.EngineType;
import dev.metacircular.ports.telemetry.out.Telemetry;
import dev.metacircular.sqlite.SqliteCryptoStorage;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Guice: the crypto core over its storage, sealed or uninitialized, with the engines this build can
 * mount, and the use cases every door takes. {@code identity} is where logins and tokens are
 * checked: the configured identity service, an in-process one (dev mode), or none (offline).
 * Closing seals the core (wiping every key), then stops background re-encryption (it resumes at the
 * next unseal).
 */
final class CryptoCoreModule extends AbstractModule {
  private final IdentityProvider identity;
  private final SealSettings seal;
  private final Clock clock;
  private final CaUrls caUrls;

  CryptoCoreModule(IdentityProvider identity, SealSettings seal, Clock clock, CaUrls caUrls) {
    this.identity = Objects.requireNonNull(identity, "identity");
    this.seal = Objects.requireNonNull(seal, "seal");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.caUrls = Objects.requireNonNull(caUrls, "caUrls");
  }

  /** The engine types this build can mount: the one place a new engine is wired in. */
  @Provides
  List<EngineType> engineTypes() {
    return List.of(
        new TransitEngineType(),
        new CaEngineType(caUrls),
        new SshCaEngineType(),
        new UserCryptoEngineType());
  }

  @Provides
  @Singleton
  CryptoCore core(
      SqliteCryptoStorage storage,
      List<EngineType> engines,
      Lifecycle lifecycle,
      Telemetry telemetry) {
    ExecutorService background =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "metacrypt-reencrypt");
              t.setDaemon(true);
              return t;
            });
    lifecycle.closeLater(() -> stop(background));
    return lifecycle.closeLater(
        CryptoCore.open(
            storage.physical(),
            storage.audit(),
            new DelegatedAuthenticator(identity),
            engines,
            seal,
            clock,
            background,
            telemetry));
  }

  /** Nothing to report to, unless a server's metrics module binds its telemetry. */
  @Override
  protected void configure() {
    OptionalBinder.newOptionalBinder(binder(), Telemetry.class)
        .setDefault()
        .toInstance(Telemetry.NONE);
  }

  @Provides
  @Singleton
  CryptoUseCases useCases(CryptoCore core) {
    return core.useCases();
  }

  private static void stop(ExecutorService background) {
    background.shutdownNow();
    try {
      background.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
