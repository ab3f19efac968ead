package dev.metacircular.domain.scheduler;

import dev.metacircular.ports.scheduler.Component;
import dev.metacircular.ports.scheduler.HealthCheck;
import dev.metacircular.ports.scheduler.Route;
import dev.metacircular.ports.scheduler.RouteStatus;
import dev.metacircular.ports.scheduler.ServiceDefinition;

/**
 * The boot check of one deployed route: an HTTP GET of the route's {@code health_path} on the
 * node's address and the route's host port when the definition declares one, a TCP connect to that
 * port otherwise.
 */
public final class RouteHealthChecks {

  private RouteHealthChecks() {}

  /**
   * The check of {@code route} (as the agent reports it, with its host port) of {@code component},
   * on {@code host} (the node's address).
   */
  public static HealthCheck of(
      ServiceDefinition definition, String host, String component, RouteStatus route) {
    String path = healthPath(definition, component, route.name());
    return path.isEmpty()
        ? new HealthCheck.Tcp(host, route.hostPort())
        : new HealthCheck.Http(host, route.hostPort(), path);
  }

  /** The declared {@code health_path} of a route, or "" when it has none or is not declared. */
  static String healthPath(ServiceDefinition definition, String component, String route) {
    for (Component c : definition.components()) {
      if (c.name().equals(component)) {
        for (Route r : c.routes()) {
          if (r.name().equals(route)) {
            return r.healthPath();
          }
        }
      }
    }
    return "";
  }
}
