package dev.metacircular.ports.scheduler;

import java.time.Instant;
import java.util.Objects;

/**
 * Something the runtime did to a managed container ({@code action}: create, start, died, stop,
 * remove...), delivered as it happens so drift is seen at once rather than by polling.
 */
public record RuntimeEvent(String container, String service, String action, Instant at) {

  public RuntimeEvent {
    Objects.requireNonNull(container, "container");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(at, "at");
  }

  /** Whether the container went away or stopped: the events that call for a repair. */
  public boolean isLoss() {
    return action.equals("died")
        || action.equals("remove")
        || action.equals("stop")
        || action.equals("cleanup")
        || action.equals("kill");
  }
}
