package dev.metacircular.apps.crypto;

import com.google.inject.AbstractModule;
import com.google.inject.Provider;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import dev.metacircular.apps.service.HttpsRoutes;
import dev.metacircular.apps.service.Lifecycle;
import dev.metacircular.domain.acme.AcmeServer;
import dev.metacircular.domain.crypto.CryptoCore;
import dev.metacircular.http.acme.NetworkChallengeValidator;
import dev.metacircular.ports.acme.in.AcmeUseCase;
import dev.metacircular.ports.telemetry.out.Telemetry;
import dev.metacircular.rest.acme.AcmeRoutes;
import dev.metacircular.sqlite.SqliteCryptoStorage;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Guice: the ACME server over the crypto core's {@code ca} mounts, its routes on the crypto
 * service's HTTPS listener ({@code /acme/{mount}/{role}/directory}), and the background pool its
 * challenge validations run on: {@value #VALIDATORS} threads and at most {@value #QUEUED} waiting
 * validations (a challenge answered beyond that is refused with a retryable error).
 */
final class AcmeModule extends AbstractModule {
  static final int VALIDATORS = 4;
  static final int QUEUED = 256;

  private final Clock clock;

  AcmeModule(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  protected void configure() {
    Provider<AcmeUseCase> acme = getProvider(AcmeUseCase.class);
    // Resolved when the REST door opens, after the core is ready.
    Multibinder.newSetBinder(binder(), HttpsRoutes.class)
        .addBinding()
        .toInstance(new HttpsRoutes(config -> AcmeRoutes.routes(acme.get()).accept(config)));
  }

  @Provides
  @Singleton
  AcmeUseCase acme(
      CryptoCore core, SqliteCryptoStorage storage, Lifecycle lifecycle, Telemetry telemetry) {
    ThreadPoolExecutor validations =
        new ThreadPoolExecutor(
            VALIDATORS,
            VALIDATORS,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUED),
            r -> {
              Thread t = new Thread(r, "acme-validation");
              t.setDaemon(true);
              return t;
            });
    validations.allowCoreThreadTimeOut(true);
    lifecycle.closeLater(validations::shutdownNow);
    return AcmeServer.over(
        core.barrier(),
        core.engineRegistry(),
        storage.audit(),
        new NetworkChallengeValidator(),
        validations,
        clock,
        AcmeServer.Settings.DEFAULTS,
        telemetry);
  }
}
