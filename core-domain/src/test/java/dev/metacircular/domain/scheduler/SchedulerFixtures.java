package dev.metacircular.domain.scheduler;

import dev.metacircular.ports.scheduler.Capacity;
import dev.metacircular.ports.scheduler.Component;
import dev.metacircular.ports.scheduler.ContainerSpec;
import dev.metacircular.ports.scheduler.ImageReference;
import dev.metacircular.ports.scheduler.Node;
import dev.metacircular.ports.scheduler.NodeHealth;
import dev.metacircular.ports.scheduler.NodeRole;
import dev.metacircular.ports.scheduler.PublishedPort;
import dev.metacircular.ports.scheduler.Route;
import dev.metacircular.ports.scheduler.RouteMode;
import dev.metacircular.ports.scheduler.ServiceDefinition;
import dev.metacircular.ports.scheduler.Tier;
import java.util.List;
import java.util.Map;

final class SchedulerFixtures {

  private SchedulerFixtures() {}

  static Node node(String name, NodeRole role, NodeHealth health, int free) {
    return new Node(name, role, health, new Capacity(free, 1024), Capacity.NONE);
  }

  static ServiceDefinition service(String name, String node, Tier tier, int components) {
    List<Component> list =
        java.util.stream.IntStream.range(0, components)
            .mapToObj(
                i ->
                    new Component(
                        "c" + i,
                        new ImageReference("localhost/web:v1"),
                        List.of(),
                        List.of(),
                        List.of(),
                        List.of(new Route("", 8080, RouteMode.L4, ""))))
            .toList();
    return new ServiceDefinition(name, node, tier, "", list);
  }

  static ContainerSpec spec(String name, String image, int port) {
    return new ContainerSpec(
        name,
        "svc",
        name.replace("svc-", ""),
        "n1",
        new ImageReference(image),
        List.of("/bin/busybox", "httpd"),
        Map.of("PORT", Integer.toString(port)),
        List.of(),
        List.of(new PublishedPort("127.0.0.1", port, port)));
  }
}
