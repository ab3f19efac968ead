package dev.metacircular.ports.scheduler;

import java.util.List;

/** What reconciliation would do, in order. An empty plan means observed equals desired. */
public record Plan(List<Action> actions) {

  public Plan {
    actions = List.copyOf(actions);
  }

  public boolean isEmpty() {
    return actions.isEmpty();
  }
}
