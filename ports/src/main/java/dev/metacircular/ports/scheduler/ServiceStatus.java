package dev.metacircular.ports.scheduler;

import java.util.List;

/**
 * A service in {@code status} and {@code ps}: {@code {"name","node","state","components",
 * "events"}}. The state is {@code running} (every component up), {@code stopped} (asked to stop),
 * {@code flapping} (repairs stopped), {@code degraded} (wanted running, not all up) or {@code
 * unknown} (its node did not answer).
 */
public record ServiceStatus(
    String name,
    String node,
    String state,
    List<ComponentStatus> components,
    List<ServiceEvent> events) {

  public ServiceStatus {
    components = List.copyOf(components);
    events = List.copyOf(events);
  }
}
