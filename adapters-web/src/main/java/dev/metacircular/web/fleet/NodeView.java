package dev.metacircular.web.fleet;

import dev.metacircular.ports.scheduler.NodeStatus;

/** A node as the fleet page shows it: role and health by their wire names, times in UTC. */
record NodeView(String name, String address, String role, String health, String lastSeen) {

  static NodeView of(NodeStatus n) {
    return new NodeView(
        n.name(),
        n.address(),
        n.role().wireName(),
        n.health().wireName(),
        n.lastSeen() == null ? "never" : Times.show(n.lastSeen()));
  }
}
