package dev.metacircular.ports.scheduler;

import java.util.List;
import java.util.Objects;

/**
 * A service as a registry keeps it: its definition, the node it is placed on, what the operator
 * wants (running or stopped), its host ports, and whether repairs stopped because it flaps (with
 * the reason).
 */
public record RegisteredService(
    ServiceDefinition definition,
    String node,
    DesiredState desired,
    List<AssignedPort> ports,
    String flapReason) {

  public RegisteredService {
    Objects.requireNonNull(definition, "definition");
    Names.requireName(node, "node");
    Objects.requireNonNull(desired, "desired");
    ports = List.copyOf(ports);
    flapReason = flapReason == null ? "" : flapReason;
  }

  public String name() {
    return definition.name();
  }

  public boolean flapping() {
    return !flapReason.isEmpty();
  }

  public RegisteredService withDesired(DesiredState state) {
    return new RegisteredService(definition, node, state, ports, "");
  }

  public RegisteredService withFlapReason(String reason) {
    return new RegisteredService(definition, node, desired, ports, reason);
  }
}
