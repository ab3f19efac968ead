package dev.metacircular.apps.service;

import com.google.inject.AbstractModule;
import com.google.inject.Provider;
import com.google.inject.multibindings.Multibinder;
import io.javalin.config.JavalinConfig;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Guice: a service's web pages, on the same HTTPS listener as its REST API (so the service's REST
 * door must be composed too).
 */
public final class PagesModule<A> extends AbstractModule {
  private final Class<A> useCases;
  private final Function<A, Consumer<JavalinConfig>> routes;

  /** {@code routes} is the adapter's page routes for the use cases ({@code IdentityWebUi}). */
  public PagesModule(Class<A> useCases, Function<A, Consumer<JavalinConfig>> routes) {
    this.useCases = useCases;
    this.routes = routes;
  }

  @Override
  protected void configure() {
    Provider<A> api = getProvider(useCases);
    // Resolved when the REST door opens, after the core is ready.
    Multibinder.newSetBinder(binder(), HttpsRoutes.class)
        .addBinding()
        .toInstance(new HttpsRoutes(config -> routes.apply(api.get()).accept(config)));
  }
}
