package dev.metacircular.domain.scheduler;

import dev.metacircular.ports.scheduler.Action;
import dev.metacircular.ports.scheduler.ContainerSpec;
import dev.metacircular.ports.scheduler.ContainerState;
import dev.metacircular.ports.scheduler.ObservedContainer;
import dev.metacircular.ports.scheduler.Plan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the runtime holds once a plan has run without a failure: the containers observed before,
 * with each action's effect (created or recreated from its spec, started, stopped, removed). The
 * agent answers a deploy's status from it rather than asking the runtime again: a {@code run} that
 * succeeded has just started its container, and the containers the plan did not touch are as the
 * plan saw them.
 */
public final class PlanOutcome {

  private PlanOutcome() {}

  /** {@code before} with every action of {@code plan} applied, in the plan's order. */
  public static List<ObservedContainer> after(List<ObservedContainer> before, Plan plan) {
    Map<String, ObservedContainer> now = new TreeMap<>();
    before.forEach(o -> now.put(o.name(), o));
    for (Action action : plan.actions()) {
      if (action instanceof Action.Create c) {
        now.put(c.container(), made(c.spec(), c.start()));
      } else if (action instanceof Action.Recreate r) {
        now.put(r.container(), made(r.spec(), r.start()));
      } else if (action instanceof Action.Start s) {
        now.computeIfPresent(s.container(), (k, o) -> with(o, ContainerState.RUNNING));
      } else if (action instanceof Action.Stop s) {
        now.computeIfPresent(s.container(), (k, o) -> with(o, ContainerState.STOPPED));
      } else if (action instanceof Action.Remove r) {
        now.remove(r.container());
      }
    }
    return new ArrayList<>(now.values());
  }

  /** The container the runtime makes from {@code spec}, running when it was started. */
  public static ObservedContainer made(ContainerSpec spec, boolean running) {
    return new ObservedContainer(
        spec.name(),
        spec.service(),
        spec.component(),
        spec.node(),
        spec.image().value(),
        running ? ContainerState.RUNNING : ContainerState.STOPPED,
        spec.fingerprint());
  }

  private static ObservedContainer with(ObservedContainer o, ContainerState state) {
    return new ObservedContainer(
        o.name(), o.service(), o.component(), o.node(), o.image(), state, o.specFingerprint());
  }
}
