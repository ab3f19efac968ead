package dev.metacircular.apps.health;

import com.google.inject.AbstractModule;
import com.google.inject.Provider;
import com.google.inject.multibindings.Multibinder;
import dev.metacircular.apps.service.HttpsRoutes;
import dev.metacircular.domain.health.ReadinessChecks;
import dev.metacircular.ports.health.out.ReadinessCheck;
import dev.metacircular.rest.ReadinessRoutes;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * Guice: a service's readiness, {@code GET /v1/ready} on its HTTPS listener, from the checks its
 * composition names out of its opened storage and core ({@code storage} and {@code audit} on its
 * database file; {@code unsealed} and {@code identity} for the crypto service). {@code /v1/health}
 * stays liveness.
 *
 * @param <S> the service's storage type
 * @param <C> the service's core type
 */
public final class ReadinessModule<S, C> extends AbstractModule {
  private final Class<S> storageType;
  private final Class<C> coreType;
  private final BiFunction<S, C, List<ReadinessCheck>> checks;

  public ReadinessModule(
      Class<S> storageType, Class<C> coreType, BiFunction<S, C, List<ReadinessCheck>> checks) {
    this.storageType = Objects.requireNonNull(storageType, "storageType");
    this.coreType = Objects.requireNonNull(coreType, "coreType");
    this.checks = Objects.requireNonNull(checks, "checks");
  }

  @Override
  protected void configure() {
    Provider<S> storage = getProvider(storageType);
    Provider<C> core = getProvider(coreType);
    Multibinder.newSetBinder(binder(), HttpsRoutes.class)
        .addBinding()
        .toProvider(
            (Provider<HttpsRoutes>)
                () ->
                    new HttpsRoutes(
                        ReadinessRoutes.of(
                            new ReadinessChecks(checks.apply(storage.get(), core.get())))));
  }
}
