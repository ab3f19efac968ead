package dev.metacircular.ports.scheduler;

import java.util.List;

/**
 * One component in {@code status}: {@code {"name","container","image","state","routes"}}; the state
 * is the container's ({@code running}, {@code stopped}) or {@code missing}.
 */
public record ComponentStatus(
    String name, String container, String image, String state, List<RouteStatus> routes) {

  public ComponentStatus {
    routes = List.copyOf(routes);
  }
}
