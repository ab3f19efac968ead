package dev.metacircular.domain.scheduler;

import dev.metacircular.ports.scheduler.Node;
import dev.metacircular.ports.scheduler.NodeHealth;
import dev.metacircular.ports.scheduler.NodeRole;
import dev.metacircular.ports.scheduler.Placement;
import dev.metacircular.ports.scheduler.ServiceDefinition;
import dev.metacircular.ports.scheduler.Tier;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Placement (DESIGN.md §3.4): an explicit node wins; a core-tier service goes to the master node; a
 * worker-tier service goes to the healthy worker with the most free capacity (free containers
 * first, then free memory, then the name, so the choice is deterministic). Edge nodes run no
 * containers. A refusal names its reason.
 */
public final class Placer {

  private static final Comparator<Node> MOST_FREE =
      Comparator.comparingInt((Node n) -> n.free().containers())
          .thenComparingLong(n -> n.free().memoryMb())
          .reversed()
          .thenComparing(Node::name);

  private Placer() {}

  /**
   * Where {@code service} goes among {@code nodes}. {@code current} is the node it runs on now
   * (empty for a new service): a redeploy stays where it is when that node still qualifies, and the
   * service's own containers do not count against that node's capacity.
   */
  public static Placement place(ServiceDefinition service, List<Node> nodes, String current) {
    int needed = service.components().size();
    if (!service.node().isEmpty()) {
      Optional<Node> pinned = find(nodes, service.node());
      if (pinned.isEmpty()) {
        return new Placement.Refused("node " + service.node() + " is unknown");
      }
      return check(pinned.get(), needed, current);
    }
    if (service.tier() == Tier.CORE) {
      Optional<Node> master = nodes.stream().filter(n -> n.role() == NodeRole.MASTER).findFirst();
      if (master.isEmpty()) {
        return new Placement.Refused("no node has the master role for a core-tier service");
      }
      return check(master.get(), needed, current);
    }
    List<Node> healthyWorkers =
        nodes.stream()
            .filter(n -> n.role() == NodeRole.WORKER && n.health() == NodeHealth.HEALTHY)
            .toList();
    if (healthyWorkers.isEmpty()) {
      return new Placement.Refused("no healthy worker node");
    }
    if (current != null && !current.isEmpty()) {
      Optional<Node> here = find(healthyWorkers, current);
      if (here.isPresent()) {
        return new Placement.Placed(current);
      }
    }
    return healthyWorkers.stream()
        .filter(n -> n.free().containers() >= needed)
        .min(MOST_FREE)
        .<Placement>map(n -> new Placement.Placed(n.name()))
        .orElseGet(
            () ->
                new Placement.Refused(
                    "every healthy worker is full (" + needed + " containers needed)"));
  }

  private static Placement check(Node node, int needed, String current) {
    if (node.role() == NodeRole.EDGE) {
      return new Placement.Refused(
          "node " + node.name() + " is an edge node and runs no containers");
    }
    if (node.health() != NodeHealth.HEALTHY) {
      return new Placement.Refused("node " + node.name() + " is unhealthy");
    }
    boolean alreadyThere = node.name().equals(current);
    if (!alreadyThere && node.free().containers() < needed) {
      return new Placement.Refused(
          "node "
              + node.name()
              + " is full ("
              + needed
              + " containers needed, "
              + node.free().containers()
              + " free)");
    }
    return new Placement.Placed(node.name());
  }

  private static Optional<Node> find(List<Node> nodes, String name) {
    return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
  }
}
