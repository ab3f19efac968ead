package dev.metacircular.domain.scheduler;

import dev.metacircular.ports.scheduler.Action;
import dev.metacircular.ports.scheduler.ContainerState;
import dev.metacircular.ports.scheduler.DesiredContainer;
import dev.metacircular.ports.scheduler.ObservedContainer;
import dev.metacircular.ports.scheduler.Plan;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Desired state (the registry) against observed state (the runtime) gives a plan: create what is
 * missing, recreate what was made from another spec (a new image, other ports...), start or stop to
 * match, and remove managed containers nobody wants. Removals come first so that their ports are
 * free before anything is created. Applying the plan and planning again gives an empty plan.
 */
public final class Reconciler {

  private Reconciler() {}

  public static Plan plan(List<DesiredContainer> desired, List<ObservedContainer> observed) {
    Map<String, DesiredContainer> wanted = new TreeMap<>();
    desired.forEach(d -> wanted.put(d.spec().name(), d));
    Map<String, ObservedContainer> present = new TreeMap<>();
    observed.forEach(o -> present.put(o.name(), o));

    List<Action> removes = new ArrayList<>();
    List<Action> changes = new ArrayList<>();
    for (ObservedContainer o : present.values()) {
      if (!wanted.containsKey(o.name())) {
        removes.add(new Action.Remove(o.name()));
      }
    }
    for (DesiredContainer d : wanted.values()) {
      ObservedContainer o = present.get(d.spec().name());
      if (o == null) {
        changes.add(new Action.Create(d.spec(), d.running()));
      } else if (!o.specFingerprint().equals(d.spec().fingerprint())) {
        changes.add(new Action.Recreate(d.spec(), d.running()));
      } else if (d.running() && o.state() != ContainerState.RUNNING) {
        changes.add(new Action.Start(o.name()));
      } else if (!d.running() && o.state() == ContainerState.RUNNING) {
        changes.add(new Action.Stop(o.name()));
      }
    }
    changes.sort(Comparator.comparing(Action::container));
    List<Action> all = new ArrayList<>(removes);
    all.addAll(changes);
    return new Plan(all);
  }
}
