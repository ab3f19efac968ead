package dev.metacircular.apps.metrics;

import com.google.inject.AbstractModule;
import com.google.inject.Provider;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import dev.metacircular.apps.config.MetricsConfig;
import dev.metacircular.apps.service.Door;
import dev.metacircular.apps.service.GrpcObserver;
import dev.metacircular.apps.service.HttpsRoutes;
import dev.metacircular.apps.service.Lifecycle;
import dev.metacircular.apps.service.Listener;
import dev.metacircular.metrics.MetricsListener;
import dev.metacircular.metrics.ServiceMetrics;
import dev.metacircular.ports.telemetry.out.Telemetry;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Guice: a server's metrics ({@code adapters-metrics}). The core reports to them ({@link
 * Telemetry}), the HTTPS door times its requests and serves {@code GET /metrics} behind an {@code
 * admin} or {@code metrics} token, the gRPC door (if any) times its calls, and {@code [metrics]
 * listen_addr}, when set, adds a plain-HTTP loopback listener serving them without a token.
 *
 * @param <A> the service's use cases, which authenticate the scraper's token
 */
public final class MetricsModule<A> extends AbstractModule {
  private final String service;
  private final MetricsConfig config;
  private final Class<A> useCases;
  private final Function<A, ServiceMetrics.Authenticator> authenticator;

  /**
   * @param service the {@code service} label ({@code mcias}, {@code metacrypt}...)
   * @param authenticator how the service's use cases turn a bearer token into a caller, or null for
   *     a server without an HTTPS door (agent, master)
   */
  public MetricsModule(
      String service,
      MetricsConfig config,
      Class<A> useCases,
      Function<A, ServiceMetrics.Authenticator> authenticator) {
    this.service = Objects.requireNonNull(service, "service");
    this.config = Objects.requireNonNull(config, "config");
    this.useCases = useCases;
    this.authenticator = authenticator;
  }

  @Override
  protected void configure() {
    Provider<ServiceMetrics> metrics = getProvider(ServiceMetrics.class);
    OptionalBinder.newOptionalBinder(binder(), Telemetry.class)
        .setBinding()
        .toProvider((Provider<Telemetry>) () -> metrics.get().telemetry());
    Multibinder.newSetBinder(binder(), GrpcObserver.class)
        .addBinding()
        .toInstance(settings -> settings.withObserver(metrics.get().grpcInterceptor()));
    if (authenticator != null) {
      Provider<A> api = getProvider(useCases);
      Multibinder.newSetBinder(binder(), HttpsRoutes.class)
          .addBinding()
          .toProvider(
              (Provider<HttpsRoutes>)
                  () ->
                      new HttpsRoutes(
                          routes ->
                              metrics
                                  .get()
                                  .httpsRoutes(authenticator.apply(api.get()))
                                  .accept(routes)));
    }
    if (config.listen() != null) {
      Multibinder.newSetBinder(binder(), Door.class)
          .addBinding()
          .toInstance(
              () -> {
                MetricsListener listener =
                    metrics.get().listen(config.listen().host(), config.listen().port());
                return new Listener(
                    Listener.Kind.METRICS,
                    config.listen().withPort(listener.port()),
                    List.of("GET /metrics"),
                    listener);
              });
    }
  }

  @Provides
  @Singleton
  ServiceMetrics metrics(Lifecycle lifecycle) {
    return lifecycle.closeLater(ServiceMetrics.create(service));
  }
}
