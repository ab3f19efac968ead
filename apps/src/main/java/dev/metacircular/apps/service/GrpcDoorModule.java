package dev.metacircular.apps.service;

import com.google.inject.AbstractModule;
import com.google.inject.Key;
import com.google.inject.Provider;
import com.google.inject.multibindings.Multibinder;
import dev.metacircular.apps.config.ListenAddress;
import dev.metacircular.grpc.GrpcSettings;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.ToIntFunction;

/**
 * Guice: a service's gRPC door, on the HTTPS listener's certificate. Made by {@link
 * ServerDoors#grpc}.
 */
final class GrpcDoorModule<A, S extends AutoCloseable> extends AbstractModule {
  private final Class<A> useCases;
  private final BiFunction<A, GrpcSettings, S> start;
  private final ToIntFunction<S> port;
  private final ListenAddress address;
  private final GrpcSettings settings;

  GrpcDoorModule(
      Class<A> useCases,
      BiFunction<A, GrpcSettings, S> start,
      ToIntFunction<S> port,
      ListenAddress address,
      GrpcSettings settings) {
    this.useCases = useCases;
    this.start = start;
    this.port = port;
    this.address = address;
    this.settings = settings;
  }

  @Override
  protected void configure() {
    Provider<A> api = getProvider(useCases);
    // Observers of every call (the metrics module adds one); none unless a module adds them.
    Multibinder.newSetBinder(binder(), GrpcObserver.class);
    Provider<Set<GrpcObserver>> observers = getProvider(new Key<Set<GrpcObserver>>() {});
    Multibinder.newSetBinder(binder(), Door.class)
        .addBinding()
        .toInstance(
            () -> {
              GrpcSettings observed = settings;
              for (GrpcObserver observer : observers.get()) {
                observed = observer.observe(observed);
              }
              S server = start.apply(api.get(), observed);
              return new Listener(
                  Listener.Kind.GRPC, address.withPort(port.applyAsInt(server)), List.of(), server);
            });
  }
}
