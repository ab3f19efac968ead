package dev.metacircular.domain.scheduler;

import static dev.metacircular.domain.scheduler.SchedulerFixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.ports.scheduler.Action;
import dev.metacircular.ports.scheduler.ContainerSpec;
import dev.metacircular.ports.scheduler.ContainerState;
import dev.metacircular.ports.scheduler.DesiredContainer;
import dev.metacircular.ports.scheduler.ObservedContainer;
import dev.metacircular.ports.scheduler.Plan;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Reconciliation: a plan applied makes observed equal desired, so planning again does nothing (and
 * {@link PlanOutcome}, what the agent answers a deploy's status from, is that applied state).
 */
class ReconciliationProperties {

  @Provide
  Arbitrary<List<DesiredContainer>> desired() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 5),
            Arbitraries.of("localhost/web:v1", "localhost/web:v2"),
            Arbitraries.integers().between(10000, 10003),
            Arbitraries.of(true, false))
        .as(
            (i, image, port, running) ->
                new DesiredContainer(spec("svc-c" + i, image, port), running))
        .list()
        .ofMaxSize(6)
        .uniqueElements(d -> d.spec().name());
  }

  @Provide
  Arbitrary<List<ObservedContainer>> observed() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 7),
            Arbitraries.of("localhost/web:v1", "localhost/web:v2"),
            Arbitraries.integers().between(10000, 10003),
            Arbitraries.of(ContainerState.class))
        .as(
            (i, image, port, state) -> {
              ContainerSpec s = spec("svc-c" + i, image, port);
              return new ObservedContainer(
                  s.name(), "svc", "c" + i, "n1", image, state, s.fingerprint());
            })
        .list()
        .ofMaxSize(6)
        .uniqueElements(ObservedContainer::name);
  }

  @Property
  void applyingAPlanThenPlanningAgainGivesAnEmptyPlan(
      @ForAll("desired") List<DesiredContainer> desired,
      @ForAll("observed") List<ObservedContainer> observed) {
    Plan plan = Reconciler.plan(desired, observed);
    List<ObservedContainer> after = PlanOutcome.after(observed, plan);
    assertThat(Reconciler.plan(desired, after).actions()).isEmpty();
    assertThat(after).hasSize(desired.size());
  }

  @Property
  void aPlanOnlyTouchesWhatDiffersAndRemovesComeFirst(
      @ForAll("desired") List<DesiredContainer> desired,
      @ForAll("observed") List<ObservedContainer> observed) {
    Plan plan = Reconciler.plan(desired, observed);
    boolean sawNonRemove = false;
    for (Action action : plan.actions()) {
      if (action instanceof Action.Remove) {
        assertThat(sawNonRemove).as("a removal after another action").isFalse();
      } else {
        sawNonRemove = true;
      }
    }
    assertThat(plan.actions().stream().map(Action::container).distinct().count())
        .isEqualTo(plan.actions().size());
  }

  @Example
  void aChangedImageIsRecreatedAndADesiredStopIsKept() {
    ContainerSpec v1 = spec("svc-web", "localhost/web:v1", 10000);
    ContainerSpec v2 = spec("svc-web", "localhost/web:v2", 10000);
    ObservedContainer running = PlanOutcome.made(v1, true);
    assertThat(Reconciler.plan(List.of(new DesiredContainer(v2, true)), List.of(running)).actions())
        .containsExactly(new Action.Recreate(v2, true));
    assertThat(
            Reconciler.plan(List.of(new DesiredContainer(v1, false)), List.of(running)).actions())
        .containsExactly(new Action.Stop("svc-web"));
    assertThat(Reconciler.plan(List.of(new DesiredContainer(v1, true)), List.of()).actions())
        .containsExactly(new Action.Create(v1, true));
    assertThat(Reconciler.plan(List.of(), List.of(running)).actions())
        .containsExactly(new Action.Remove("svc-web"));
  }
}
