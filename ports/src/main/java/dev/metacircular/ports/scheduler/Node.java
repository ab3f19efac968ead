package dev.metacircular.ports.scheduler;

import java.util.Objects;

/**
 * A node as the scheduler sees it: its name, role, health, what it offers ({@code capacity}) and
 * what the services placed on it already take ({@code used}).
 */
public record Node(
    String name, NodeRole role, NodeHealth health, Capacity capacity, Capacity used) {

  public Node {
    Names.requireName(name, "node name");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(health, "health");
    Objects.requireNonNull(capacity, "capacity");
    Objects.requireNonNull(used, "used");
  }

  /** What is left for new work. */
  public Capacity free() {
    return capacity.minus(used);
  }
}
