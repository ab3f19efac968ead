package dev.metacircular.apps.service;

import com.google.inject.AbstractModule;
import com.google.inject.Key;
import com.google.inject.Provider;
import com.google.inject.multibindings.Multibinder;
import dev.metacircular.apps.config.ListenAddress;
import dev.metacircular.rest.RestSettings;
import dev.metacircular.rest.RunningServer;
import io.javalin.config.JavalinConfig;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Guice: a service's REST door, on its HTTPS listener, with the routes every pages module
 * contributed ({@link HttpsRoutes}) on the same port. Made by {@link ServerDoors#rest}.
 */
public final class RestDoorModule<A> extends AbstractModule {

  /** How the adapter starts the service's REST server (e.g. {@code IdentityRestServer::start}). */
  @FunctionalInterface
  public interface Start<A> {
    RunningServer start(A useCases, RestSettings settings, Consumer<JavalinConfig> extra);
  }

  private final Class<A> useCases;
  private final Start<A> start;
  private final ListenAddress address;
  private final RestSettings tls;

  RestDoorModule(Class<A> useCases, Start<A> start, ListenAddress address, RestSettings tls) {
    this.useCases = useCases;
    this.start = start;
    this.address = address;
    this.tls = tls;
  }

  @Override
  protected void configure() {
    Multibinder.newSetBinder(binder(), HttpsRoutes.class); // none until a pages module adds some
    Provider<A> api = getProvider(useCases);
    Provider<Set<HttpsRoutes>> pages = getProvider(new Key<Set<HttpsRoutes>>() {});
    Multibinder.newSetBinder(binder(), Door.class)
        .addBinding()
        .toInstance(
            () -> {
              RunningServer server = start.start(api.get(), tls, HttpsRoutes.all(pages.get()));
              return new Listener(
                  Listener.Kind.HTTPS, address.withPort(server.port()), server.routes(), server);
            });
  }
}
