package dev.metacircular.ports.scheduler;

import java.time.Instant;
import java.util.Objects;

/**
 * A node in {@code mcp nodes}: {@code {"name","address","role","health","last_seen"}}; {@code
 * lastSeen} is null before the first answered probe.
 */
public record NodeStatus(
    String name, String address, NodeRole role, NodeHealth health, Instant lastSeen) {

  public NodeStatus {
    Names.requireName(name, "node name");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(health, "health");
  }
}
