package dev.metacircular.ports.scheduler;

import dev.metacircular.ports.error.DomainException;
import java.util.Locale;
import java.util.Objects;

/**
 * A declared route of a component: an optional name (one unnamed route gets {@code $PORT}, named
 * ones {@code $PORT_<NAME>}), the port the definition declares, the mode, an optional hostname and
 * an optional health path ({@code health_path}: boot checks the route with an HTTP GET of it
 * instead of a TCP connect).
 */
public record Route(String name, int port, RouteMode mode, String hostname, String healthPath) {

  /** The longest health path accepted. */
  public static final int MAX_HEALTH_PATH = 256;

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
    healthPath = healthPath == null ? "" : healthPath;
    if (!healthPath.isEmpty()) {
      requireHealthPath(healthPath);
    }
  }

  /** A route without a health path (boot checks it with a TCP connect). */
  public Route(String name, int port, RouteMode mode, String hostname) {
    this(name, port, mode, hostname, "");
  }

  /** The environment variable that carries this route's host port into the container. */
  public String portVariable() {
    return name.isEmpty() ? "PORT" : "PORT_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
  }

  /**
   * A health path is the path of a URL on the route's own host and port: absolute ({@code /...}),
   * not {@code //host...} (which a client would read as another host), printable ASCII without
   * spaces (it goes into a request line as it is), at most {@value #MAX_HEALTH_PATH} characters.
   */
  private static void requireHealthPath(String path) {
    if (path.length() > MAX_HEALTH_PATH) {
      throw new DomainException.InvalidInput(
          "route health_path is longer than " + MAX_HEALTH_PATH + " characters");
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c <= ' ' || c > '~') {
        throw new DomainException.InvalidInput(
            "route health_path must be printable ASCII without spaces, not \""
                + printable(path)
                + "\"");
      }
    }
    if (!path.startsWith("/") || path.startsWith("//")) {
      throw new DomainException.InvalidInput(
          "route health_path must be an absolute path such as \"/healthz\" (no scheme or host),"
              + " not \""
              + path
              + "\"");
    }
  }

  private static String printable(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length() && i < 64; i++) {
      char c = text.charAt(i);
      out.append(c < ' ' || c > '~' ? '?' : c);
    }
    return out.toString();
  }
}
