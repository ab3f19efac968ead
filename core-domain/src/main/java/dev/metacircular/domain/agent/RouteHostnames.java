package dev.metacircular.domain.agent;

import dev.metacircular.ports.scheduler.Component;
import dev.metacircular.ports.scheduler.Route;
import dev.metacircular.ports.scheduler.RouteMode;
import dev.metacircular.ports.scheduler.ServiceDefinition;
import java.util.ArrayList;
import java.util.List;

/** The hostnames that get a certificate: those of a definition's {@code l7} routes, once each. */
final class RouteHostnames {

  private RouteHostnames() {}

  /** In definition order, without repeats; {@code l4} routes and routes without one add none. */
  static List<String> of(ServiceDefinition definition) {
    List<String> names = new ArrayList<>();
    for (Component component : definition.components()) {
      for (Route route : component.routes()) {
        if (route.mode() == RouteMode.L7
            && !route.hostname().isEmpty()
            && !names.contains(route.hostname())) {
          names.add(route.hostname());
        }
      }
    }
    return List.copyOf(names);
  }
}
