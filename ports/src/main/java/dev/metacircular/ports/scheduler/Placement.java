package dev.metacircular.ports.scheduler;

import java.util.Objects;

/** Where a service goes, or why it cannot go anywhere. */
public sealed interface Placement {

  /** The service goes to {@code node}. */
  record Placed(String node) implements Placement {
    public Placed {
      Names.requireName(node, "node");
    }
  }

  /** No node takes the service; {@code reason} says why (no healthy worker, unknown, full...). */
  record Refused(String reason) implements Placement {
    public Refused {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
