package dev.metacircular.domain.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.domain.memory.InMemoryAuditLog;
import dev.metacircular.domain.memory.InMemoryContainerRuntime;
import dev.metacircular.domain.memory.InMemoryServiceData;
import dev.metacircular.domain.memory.InMemoryServiceRegistry;
import dev.metacircular.domain.time.ManualClock;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.scheduler.ContainerSpec;
import dev.metacircular.ports.scheduler.ImageReference;
import dev.metacircular.ports.scheduler.NodeRole;
import dev.metacircular.ports.scheduler.ObservedContainer;
import dev.metacircular.ports.scheduler.ServiceStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The deploy path's shortcuts (docs/benchmarks.md, deploy to serving): a first deploy runs its
 * containers without listing the node and answers its status from what it ran, and still ends in
 * the state the full plan would give when something of the service was left on the node.
 */
class AgentDeployPathTest {

  private final InMemoryContainerRuntime runtime =
      new InMemoryContainerRuntime("localhost/web:v1", "localhost/web:v2");
  private final InMemoryServiceRegistry registry = new InMemoryServiceRegistry();
  private final AgentCore agent =
      new AgentCore(
          AgentSettings.of("n1", NodeRole.WORKER, "127.0.0.1"),
          runtime,
          registry,
          new InMemoryAuditLog(),
          (address, port) -> true,
          new InMemoryServiceData(),
          new ManualClock(Instant.parse("2026-12-07T10:00:00Z")));

  @AfterEach
  void close() {
    agent.close();
  }

  /** A container named as web's api component would be, from another spec (an older command). */
  private static ContainerSpec leftover() {
    return new ContainerSpec(
        "web-api",
        "web",
        "api",
        "n1",
        new ImageReference("localhost/web:v1"),
        List.of("old"),
        Map.of(),
        List.of(),
        List.of());
  }

  @Test
  void aFirstDeployRunsWithoutListingAndAnswersWhatItRan() {
    ServiceStatus status = agent.deploy(AgentCoreTest.ADMIN, AgentCoreTest.web("localhost/web:v1"));

    assertThat(runtime.listings()).isZero();
    assertThat(status.state()).isEqualTo("running");
    assertThat(status.components().get(0).state()).isEqualTo("running");
    ObservedContainer made = runtime.inspect("web-api").orElseThrow();
    assertThat(made.state().wireName()).isEqualTo("running");
    assertThat(status.components().get(0).routes().get(0).hostPort())
        .isEqualTo(registry.find("web").orElseThrow().ports().get(0).hostPort());
    assertThat(registry.events("web", 10).get(0).message()).isEqualTo("create web-api");

    // A redeploy lists once, to plan against what is there, and answers from that plan.
    ServiceStatus again = agent.deploy(AgentCoreTest.ADMIN, AgentCoreTest.web("localhost/web:v2"));
    assertThat(runtime.listings()).isEqualTo(1);
    assertThat(again.components().get(0).image()).isEqualTo("localhost/web:v2");
    assertThat(again.components().get(0).state()).isEqualTo("running");
    assertThat(runtime.inspect("web-api").orElseThrow().image()).isEqualTo("localhost/web:v2");
  }

  @Test
  void aLeftoverOfTheSameNameIsListedAndPlannedAround() {
    // A managed container of the service the registry does not hold (an undeploy cut short).
    runtime.create(leftover());

    ServiceStatus status = agent.deploy(AgentCoreTest.ADMIN, AgentCoreTest.web("localhost/web:v2"));

    assertThat(runtime.listings()).isEqualTo(1);
    assertThat(status.state()).isEqualTo("running");
    ObservedContainer now = runtime.inspect("web-api").orElseThrow();
    assertThat(now.image()).isEqualTo("localhost/web:v2");
    assertThat(now.state().wireName()).isEqualTo("running");
    assertThat(registry.events("web", 10).get(0).message()).isEqualTo("recreate web-api");
  }

  @Test
  void anUnmanagedContainerOfTheSameNameFailsTheDeployAndLeavesNothing() {
    runtime.addUnmanaged(leftover());

    assertThatThrownBy(
            () -> agent.deploy(AgentCoreTest.ADMIN, AgentCoreTest.web("localhost/web:v1")))
        .isInstanceOf(DomainException.PreconditionFailed.class)
        .hasMessageContaining("name already in use");
    assertThat(registry.find("web")).isEmpty();
    assertThat(runtime.inspect("web-api")).isEmpty();
  }
}
