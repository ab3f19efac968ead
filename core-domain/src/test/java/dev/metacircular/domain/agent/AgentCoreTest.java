package dev.metacircular.domain.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.domain.memory.InMemoryAuditLog;
import dev.metacircular.domain.memory.InMemoryContainerRuntime;
import dev.metacircular.domain.memory.InMemoryServiceData;
import dev.metacircular.domain.memory.InMemoryServiceRegistry;
import dev.metacircular.domain.time.ManualClock;
import dev.metacircular.ports.audit.AuditEvent;
import dev.metacircular.ports.audit.AuditFilter;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.scheduler.Component;
import dev.metacircular.ports.scheduler.ImageReference;
import dev.metacircular.ports.scheduler.NodeRole;
import dev.metacircular.ports.scheduler.ObservedContainer;
import dev.metacircular.ports.scheduler.PortRange;
import dev.metacircular.ports.scheduler.Route;
import dev.metacircular.ports.scheduler.RouteMode;
import dev.metacircular.ports.scheduler.ServiceDefinition;
import dev.metacircular.ports.scheduler.ServiceStatus;
import dev.metacircular.ports.scheduler.Tier;
import dev.metacircular.ports.scheduler.VolumeMount;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The agent over an in-memory runtime: every behaviour the issue lists that needs no Podman. */
class AgentCoreTest {

  static final Caller ADMIN =
      new Caller(
          UUID.randomUUID(), "root", Set.of(Role.ADMIN), AccountType.HUMAN, "j1", "10.0.0.1");
  static final Caller MASTER =
      new Caller(UUID.randomUUID(), "mcp-master", Set.of(), AccountType.SYSTEM, "j2", "10.0.0.2");
  static final Caller USER =
      new Caller(
          UUID.randomUUID(), "alice", Set.of(Role.USER), AccountType.HUMAN, "j3", "10.0.0.3");

  private final InMemoryContainerRuntime runtime =
      new InMemoryContainerRuntime("localhost/web:v1", "localhost/web:v2");
  private final InMemoryServiceRegistry registry = new InMemoryServiceRegistry();
  private final InMemoryAuditLog audit = new InMemoryAuditLog();
  private final InMemoryServiceData serviceData = new InMemoryServiceData();
  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-07T10:00:00Z"));
  private AgentCore agent = agent(NodeRole.WORKER);

  private AgentCore agent(NodeRole role) {
    AgentSettings base = AgentSettings.of("n1", role, "127.0.0.1");
    AgentSettings settings =
        new AgentSettings(
            base.name(),
            role,
            base.publishAddress(),
            new PortRange(20000, 20010),
            List.of("/srv"),
            Set.of("mcp-master"),
            base.capacity(),
            5,
            Duration.ofMinutes(10),
            Duration.ofSeconds(1),
            Duration.ofHours(1));
    return new AgentCore(
        settings, runtime, registry, audit, (address, port) -> port != 20000, serviceData, clock);
  }

  @AfterEach
  void close() {
    agent.close();
  }

  static ServiceDefinition web(String image, String... volumes) {
    return new ServiceDefinition(
        "web",
        "",
        Tier.WORKER,
        "v1",
        List.of(
            new Component(
                "api",
                new ImageReference(image),
                List.of("httpd"),
                List.of("MODE=test"),
                java.util.Arrays.stream(volumes).map(VolumeMount::parse).toList(),
                List.of(new Route("", 8080, RouteMode.L7, "web.example")))));
  }

  @Test
  void deployCreatesAndStartsOnAFreeHostPortAndIsIdempotent() {
    ServiceStatus status = agent.deploy(ADMIN, web("localhost/web:v1", "/srv/web:/srv/web"));

    assertThat(status.state()).isEqualTo("running");
    assertThat(status.node()).isEqualTo("n1");
    assertThat(status.components())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.container()).isEqualTo("web-api");
              assertThat(c.state()).isEqualTo("running");
              // 20000 is busy on the host: the next free port is taken.
              assertThat(c.routes())
                  .singleElement()
                  .satisfies(
                      r -> {
                        assertThat(r.hostPort()).isEqualTo(20001);
                        assertThat(r.port()).isEqualTo(8080);
                        assertThat(r.mode()).isEqualTo("l7");
                      });
            });
    ObservedContainer made = runtime.inspect("web-api").orElseThrow();
    assertThat(made.service()).isEqualTo("web");

    agent.deploy(ADMIN, web("localhost/web:v1", "/srv/web:/srv/web"));
    assertThat(registry.events("web", 10).get(1).message()).isEqualTo("no change");
  }

  @Test
  void aNewImageRecreatesOnTheSamePort() {
    agent.deploy(ADMIN, web("localhost/web:v1"));
    ServiceStatus after = agent.deploy(ADMIN, web("localhost/web:v2"));
    assertThat(after.components().get(0).image()).isEqualTo("localhost/web:v2");
    assertThat(after.components().get(0).routes().get(0).hostPort()).isEqualTo(20001);
    assertThat(registry.events("web", 10).get(1).message()).isEqualTo("recreate web-api");
  }

  @Test
  void stopStaysStoppedThroughRepairsAndStartBringsItBack() {
    agent.deploy(ADMIN, web("localhost/web:v1"));
    assertThat(agent.stop(MASTER, "web").state()).isEqualTo("stopped");
    agent.repair("web", "web-api died");
    assertThat(runtime.inspect("web-api").orElseThrow().state().wireName()).isEqualTo("stopped");
    assertThat(agent.recover(ADMIN).applied()).isEmpty();

    assertThat(agent.start(ADMIN, "web").state()).isEqualTo("running");
    assertThat(agent.restart(ADMIN, "web").state()).isEqualTo("running");
  }

  @Test
  void aContainerRemovedBehindTheAgentsBackIsRestoredOnItsPort() {
    agent.deploy(ADMIN, web("localhost/web:v1"));
    runtime.vanish("web-api");
    agent.repair("web", "web-api remove");
    ServiceStatus status = agent.status(ADMIN, "web");
    assertThat(status.state()).isEqualTo("running");
    assertThat(status.components().get(0).routes().get(0).hostPort()).isEqualTo(20001);
    assertThat(status.events()).extracting(e -> e.kind()).contains("repaired");
  }

  @Test
  void afterTheRuntimeLostEverythingRecoverRestoresIt() {
    agent.deploy(ADMIN, web("localhost/web:v1"));
    runtime.forgetEverything();
    assertThat(agent.recover(ADMIN).applied()).containsExactly("create web-api");
    assertThat(agent.status(ADMIN, "web").state()).isEqualTo("running");
  }

  @Test
  void repairsByThePeriodicPassCountTowardsFlappingButAnOperatorsRecoverDoesNot() {
    agent.deploy(ADMIN, web("localhost/web:v1"));
    // An operator's recover is not a repair: it never makes a service flap.
    for (int i = 0; i < 6; i++) {
      runtime.kill("web-api");
      clock.advance(Duration.ofSeconds(10));
      agent.recover(ADMIN);
    }
    assertThat(agent.status(ADMIN, "web").state()).isEqualTo("running");
    // A container that dies between periodic passes (no event seen) is restarted by each pass,
    // and the sixth such repair in ten minutes stops the repairs.
    clock.advance(Duration.ofMinutes(11));
    for (int i = 0; i < 6; i++) {
      runtime.kill("web-api");
      clock.advance(Duration.ofSeconds(10));
      agent.periodic();
    }
    ServiceStatus status = agent.status(ADMIN, "web");
    assertThat(status.state()).isEqualTo("flapping");
    assertThat(status.events().get(status.events().size() - 1).message())
        .startsWith("more than 5 restarts in 10 minutes")
        .contains("periodic reconciliation");
    assertThat(runtime.inspect("web-api").orElseThrow().state().wireName()).isEqualTo("stopped");
    agent.periodic();
    assertThat(runtime.inspect("web-api").orElseThrow().state().wireName()).isEqualTo("stopped");
  }

  @Test
  void moreThanFiveRepairsInTenMinutesIsFlapping() {
    agent.deploy(ADMIN, web("localhost/web:v1"));
    for (int i = 0; i < 6; i++) {
      runtime.kill("web-api");
      clock.advance(Duration.ofSeconds(10));
      agent.repair("web", "web-api died");
    }
    ServiceStatus status = agent.status(ADMIN, "web");
    assertThat(status.state()).isEqualTo("flapping");
    assertThat(status.events().get(status.events().size() - 1).message())
        .startsWith("more than 5 restarts in 10 minutes");
    assertThat(runtime.inspect("web-api").orElseThrow().state().wireName()).isEqualTo("stopped");
    // Start by hand resumes repairs.
    assertThat(agent.start(ADMIN, "web").state()).isEqualTo("running");
  }

  @Test
  void undeployRemovesEverythingAndFreesThePorts() {
    agent.deploy(ADMIN, web("localhost/web:v1"));
    agent.undeploy(ADMIN, "web");
    assertThat(runtime.list("n1")).isEmpty();
    assertThat(agent.list(ADMIN)).isEmpty();
    assertThatThrownBy(() -> agent.status(ADMIN, "web"))
        .isInstanceOf(DomainException.NotFound.class)
        .hasMessage("service web is not deployed on node n1");
  }

  @Test
  void badDefinitionsAreRefusedWithReasonsAndNothingIsCreated() {
    assertThatThrownBy(() -> agent.deploy(ADMIN, web("localhost/web:v1", "/etc:/etc")))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("component api: volume /etc:/etc is outside the node's volume_roots (/srv)");
    assertThatThrownBy(
            () -> agent.deploy(ADMIN, web("localhost/web:v1", "/run/podman/podman.sock:/sock")))
        .hasMessageContaining("outside the node's volume_roots");
    assertThatThrownBy(() -> agent.deploy(ADMIN, web("localhost/missing:v1")))
        .isInstanceOf(DomainException.PreconditionFailed.class)
        .hasMessageContaining(
            "image localhost/missing:v1 is not on the node and could not be pulled");
    assertThat(runtime.list("n1")).isEmpty();
    assertThat(registry.all()).isEmpty();
  }

  @Test
  void onlyAdminsAndAllowedAccountsAreObeyedAndRefusalsAreAudited() {
    assertThatThrownBy(() -> agent.deploy(USER, web("localhost/web:v1")))
        .isInstanceOf(DomainException.Forbidden.class)
        .hasMessage(
            "account alice may not command node n1 (admin role or allowed_accounts required)");
    assertThat(registry.all()).isEmpty();
    assertThat(agent.list(MASTER)).isEmpty();
    List<AuditEvent> refused = audit.query(AuditFilter.latest(100));
    assertThat(refused)
        .anySatisfy(
            e -> {
              assertThat(e.type()).isEqualTo("request_refused");
              assertThat(e.details()).containsEntry("action", "mcp deploy");
            });
    agent.deploy(MASTER, web("localhost/web:v1"));
    assertThat(audit.query(AuditFilter.latest(100)))
        .anySatisfy(e -> assertThat(e.type()).isEqualTo("mcp_service_deployed"));
  }

  @Test
  void anEdgeNodeRunsNoContainersAndAPinnedDefinitionGoesOnlyToItsNode() {
    AgentCore edge = agent(NodeRole.EDGE);
    assertThatThrownBy(() -> edge.deploy(ADMIN, web("localhost/web:v1")))
        .hasMessage("node n1 is an edge node and runs no containers");
    ServiceDefinition pinned =
        new ServiceDefinition("web", "n2", Tier.WORKER, "", web("localhost/web:v1").components());
    assertThatThrownBy(() -> agent.deploy(ADMIN, pinned))
        .hasMessage("service web is pinned to node n2, this is node n1");
  }

  @Test
  void eventsFromTheRuntimeTriggerRepairs() throws Exception {
    agent.deploy(ADMIN, web("localhost/web:v1"));
    agent.startWatching();
    runtime.vanish("web-api");
    for (int i = 0; i < 100 && runtime.inspect("web-api").isEmpty(); i++) {
      Thread.sleep(20);
    }
    assertThat(runtime.inspect("web-api")).isPresent();
  }
}
