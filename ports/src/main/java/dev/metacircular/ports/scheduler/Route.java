package dev.metacircular.ports.scheduler;

import dev.metacircular.ports.error.DomainException;
import java.util.Locale;
import java.util.Objects;

/**
 * A declared route of a component: an optional name (one unnamed route gets {@code $PORT}, named
 * ones {@code $PORT_<NAME>}), the port the definition declares, the mode and an optional hostname.
 */
public record Route(String name, int port, RouteMode mode, String hostname) {

  public Route {
    name = name == null ? "" : name;
    if (!name.isEmpty()) {
      Names.requireName(name, "route name");
    }
    if (port < 1 || port > 65535) {
      throw new DomainException.InvalidInput("route port must be 1-65535, not " + port);
    }
    Objects.requireNonNull(mode, "mode");
    hostname = hostname == null ? "" : hostname;
  }

  /** The environment variable that carries this route's host port into the container. */
  public String portVariable() {
    return name.isEmpty() ? "PORT" : "PORT_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
  }
}
