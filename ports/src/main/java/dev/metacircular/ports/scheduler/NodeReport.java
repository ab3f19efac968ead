package dev.metacircular.ports.scheduler;

import java.util.Objects;

/**
 * What an agent tells the master on each probe: its name, role, declared capacity, what its
 * services take, and its runtime's version.
 */
public record NodeReport(
    String name, NodeRole role, Capacity capacity, Capacity used, String runtimeVersion) {

  public NodeReport {
    Names.requireName(name, "node name");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(capacity, "capacity");
    Objects.requireNonNull(used, "used");
    runtimeVersion = runtimeVersion == null ? "" : runtimeVersion;
  }
}
