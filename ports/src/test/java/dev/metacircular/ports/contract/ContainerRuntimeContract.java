package dev.metacircular.ports.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.ports.scheduler.ContainerSpec;
import dev.metacircular.ports.scheduler.ContainerState;
import dev.metacircular.ports.scheduler.ImageReference;
import dev.metacircular.ports.scheduler.ObservedContainer;
import dev.metacircular.ports.scheduler.RuntimeEvent;
import dev.metacircular.ports.scheduler.RuntimeFailure;
import dev.metacircular.ports.scheduler.out.ContainerRuntime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ContainerRuntime} must show: labelled containers only, a lifecycle of
 * create / start / stop / remove, listing by node, and events as they happen. Each implementation
 * names a node unique to its test run, so runs sharing one runtime never see each other's work.
 */
public abstract class ContainerRuntimeContract {

  protected abstract ContainerRuntime runtime();

  /** A node name no other test run uses. */
  protected abstract String node();

  /** An image present locally. */
  protected abstract ImageReference localImage();

  /** A command that keeps a container of {@link #localImage()} running until stopped. */
  protected abstract List<String> longRunningCommand();

  /** Creates a container named {@code name} without the mcp labels, outside the port. */
  protected abstract void createUnmanaged(String name);

  /** Removes what {@link #createUnmanaged} made. */
  protected abstract void removeUnmanaged(String name);

  private final Set<String> created = ConcurrentHashMap.newKeySet();

  protected ContainerSpec spec(String component) {
    String service = "svc" + node().replaceAll("[^a-z0-9]", "");
    String name = service + "-" + component;
    created.add(name);
    return new ContainerSpec(
        name,
        service,
        component,
        node(),
        localImage(),
        longRunningCommand(),
        Map.of("GREETING", "hello world"),
        List.of(),
        List.of());
  }

  @AfterEach
  void removeWhatTheTestCreated() {
    for (String name : created) {
      try {
        runtime().remove(name);
      } catch (RuntimeFailure ignored) {
        // Best effort: the test itself may have removed it or left it unmanaged on purpose.
      }
    }
  }

  @Test
  void aCreatedContainerCarriesItsLabelsAndStartsAndStops() {
    ContainerSpec spec = spec("web");
    runtime().create(spec);

    ObservedContainer made = runtime().inspect(spec.name()).orElseThrow();
    assertThat(made.service()).isEqualTo(spec.service());
    assertThat(made.component()).isEqualTo("web");
    assertThat(made.node()).isEqualTo(node());
    assertThat(made.specFingerprint()).isEqualTo(spec.fingerprint());
    assertThat(made.state()).isEqualTo(ContainerState.STOPPED);

    runtime().start(spec.name());
    assertThat(runtime().inspect(spec.name()).orElseThrow().state())
        .isEqualTo(ContainerState.RUNNING);

    runtime().stop(spec.name(), Duration.ofSeconds(1));
    assertThat(runtime().inspect(spec.name()).orElseThrow().state())
        .isEqualTo(ContainerState.STOPPED);
  }

  @Test
  void aRunContainerIsTheCreatedOneAlreadyStarted() {
    ContainerSpec spec = spec("api");
    runtime().run(spec);

    ObservedContainer made = runtime().inspect(spec.name()).orElseThrow();
    assertThat(made.service()).isEqualTo(spec.service());
    assertThat(made.component()).isEqualTo("api");
    assertThat(made.node()).isEqualTo(node());
    assertThat(made.specFingerprint()).isEqualTo(spec.fingerprint());
    assertThat(made.state()).isEqualTo(ContainerState.RUNNING);
    assertThatThrownBy(() -> runtime().run(spec)).isInstanceOf(RuntimeFailure.class);
  }

  @Test
  void listShowsOnlyTheNodesOwnContainers() {
    ContainerSpec spec = spec("api");
    runtime().create(spec);

    assertThat(runtime().list(node())).extracting(ObservedContainer::name).contains(spec.name());
    assertThat(runtime().list(node() + "-other"))
        .extracting(ObservedContainer::name)
        .doesNotContain(spec.name());
  }

  @Test
  void removeIsIdempotentAndTheContainerIsGone() {
    ContainerSpec spec = spec("gone");
    runtime().create(spec);
    runtime().start(spec.name());

    runtime().remove(spec.name());
    runtime().remove(spec.name());

    assertThat(runtime().inspect(spec.name())).isEmpty();
    assertThat(runtime().list(node()))
        .extracting(ObservedContainer::name)
        .doesNotContain(spec.name());
  }

  @Test
  void anUnmanagedContainerIsNeverSeenNorTouched() {
    String name = "unmanaged-" + node();
    createUnmanaged(name);
    try {
      assertThat(runtime().inspect(name)).isEmpty();
      assertThatThrownBy(() -> runtime().remove(name))
          .isInstanceOf(RuntimeFailure.class)
          .hasMessageContaining("not managed");
      assertThatThrownBy(() -> runtime().start(name))
          .isInstanceOf(RuntimeFailure.class)
          .hasMessageContaining("not managed");
    } finally {
      removeUnmanaged(name);
    }
  }

  @Test
  void theLocalImageIsPresentAndAnUnknownOneIsNot() {
    assertThat(runtime().hasImage(localImage())).isTrue();
    assertThat(runtime().hasImage(new ImageReference("localhost/mcp-no-such-image:v0.0.1")))
        .isFalse();
  }

  @Test
  void startingAMissingContainerFailsWithItsName() {
    assertThatThrownBy(() -> runtime().start("svc-missing-" + node()))
        .isInstanceOf(RuntimeFailure.class)
        .hasMessageContaining("svc-missing-" + node());
  }

  @Test
  void eventsReportLifecycleChangesAsTheyHappen() throws Exception {
    List<RuntimeEvent> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    ContainerSpec spec = spec("events");
    try (AutoCloseable subscription = runtime().events(node(), seen::add)) {
      awaitSubscribed();
      runtime().create(spec);
      runtime().start(spec.name());
      runtime().remove(spec.name());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < deadline
          && seen.stream().noneMatch(e -> e.action().equals("remove"))) {
        Thread.sleep(50);
      }
    }
    assertThat(seen)
        .filteredOn(e -> e.container().equals(spec.name()))
        .extracting(RuntimeEvent::action)
        .contains("start", "remove");
    assertThat(seen).allSatisfy(e -> assertThat(e.service()).isEqualTo(spec.service()));
  }

  /** Time for an event subscription to be in place before the test acts (a process start). */
  protected void awaitSubscribed() throws InterruptedException {}
}
