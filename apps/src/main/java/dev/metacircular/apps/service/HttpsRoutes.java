package dev.metacircular.apps.service;

import io.javalin.config.JavalinConfig;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * More routes on a service's HTTPS listener, beside its REST API: the web pages. A pages module
 * contributes one; the REST door installs them all on its listener.
 */
public record HttpsRoutes(Consumer<JavalinConfig> routes) {

  public HttpsRoutes {
    Objects.requireNonNull(routes, "routes");
  }

  /** All of {@code extras} on one listener, in the order they were contributed. */
  static Consumer<JavalinConfig> all(Set<HttpsRoutes> extras) {
    Consumer<JavalinConfig> all = config -> {};
    for (HttpsRoutes extra : extras) {
      all = all.andThen(extra.routes());
    }
    return all;
  }
}
