package dev.metacircular.domain.agent;

import dev.metacircular.ports.scheduler.AssignedPort;
import dev.metacircular.ports.scheduler.Component;
import dev.metacircular.ports.scheduler.ContainerSpec;
import dev.metacircular.ports.scheduler.DesiredContainer;
import dev.metacircular.ports.scheduler.DesiredState;
import dev.metacircular.ports.scheduler.PublishedPort;
import dev.metacircular.ports.scheduler.RegisteredService;
import dev.metacircular.ports.scheduler.Route;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A registered service as containers: one per component, named {@code <service>-<component>}, with
 * {@code $PORT} / {@code $PORT_<NAME>} set to the route's host port and that port published on the
 * node's address (the service listens on {@code $PORT} inside the container too, so the port is the
 * same on both sides: seed 003's convention).
 */
final class ContainerSpecs {

  private ContainerSpecs() {}

  static List<DesiredContainer> desired(RegisteredService service, String publishAddress) {
    List<DesiredContainer> result = new ArrayList<>();
    for (Component component : service.definition().components()) {
      result.add(
          new DesiredContainer(
              spec(service, component, publishAddress), service.desired() == DesiredState.RUNNING));
    }
    return result;
  }

  static ContainerSpec spec(RegisteredService service, Component component, String address) {
    Map<String, String> env = new LinkedHashMap<>();
    for (String entry : component.env()) {
      int eq = entry.indexOf('=');
      env.put(entry.substring(0, eq), entry.substring(eq + 1));
    }
    List<PublishedPort> published = new ArrayList<>();
    for (Route route : component.routes()) {
      int port = hostPort(service, component.name(), route.portVariable());
      env.put(route.portVariable(), Integer.toString(port));
      published.add(new PublishedPort(address, port, port));
    }
    return new ContainerSpec(
        service.definition().containerName(component),
        service.name(),
        component.name(),
        service.node(),
        component.image(),
        component.cmd(),
        env,
        component.volumes(),
        published);
  }

  static int hostPort(RegisteredService service, String component, String variable) {
    return service.ports().stream()
        .filter(p -> p.component().equals(component) && p.variable().equals(variable))
        .mapToInt(AssignedPort::hostPort)
        .findFirst()
        .orElseThrow(
            () -> new IllegalStateException("no host port for " + component + " " + variable));
  }
}
