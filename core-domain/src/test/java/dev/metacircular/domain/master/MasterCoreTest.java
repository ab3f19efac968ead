package dev.metacircular.domain.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.metacircular.domain.agent.AgentCore;
import dev.metacircular.domain.agent.AgentSettings;
import dev.metacircular.domain.memory.InMemoryAuditLog;
import dev.metacircular.domain.memory.InMemoryContainerRuntime;
import dev.metacircular.domain.memory.InMemoryServiceData;
import dev.metacircular.domain.memory.InMemoryServiceRegistry;
import dev.metacircular.domain.time.ManualClock;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.client.Unreachable;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.scheduler.BootReport;
import dev.metacircular.ports.scheduler.BootStage;
import dev.metacircular.ports.scheduler.Capacity;
import dev.metacircular.ports.scheduler.Component;
import dev.metacircular.ports.scheduler.FleetEvent;
import dev.metacircular.ports.scheduler.ImageReference;
import dev.metacircular.ports.scheduler.NodeHealth;
import dev.metacircular.ports.scheduler.NodeReport;
import dev.metacircular.ports.scheduler.NodeRole;
import dev.metacircular.ports.scheduler.NodeStatus;
import dev.metacircular.ports.scheduler.PortRange;
import dev.metacircular.ports.scheduler.RecoveryReport;
import dev.metacircular.ports.scheduler.Route;
import dev.metacircular.ports.scheduler.RouteMode;
import dev.metacircular.ports.scheduler.ServiceDefinition;
import dev.metacircular.ports.scheduler.ServiceStatus;
import dev.metacircular.ports.scheduler.Tier;
import dev.metacircular.ports.scheduler.out.AgentClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The master over two in-memory agents: placement, health, forwarding, refusals. */
class MasterCoreTest {

  static final Caller ADMIN =
      new Caller(UUID.randomUUID(), "root", Set.of(Role.ADMIN), AccountType.HUMAN, "j", "");
  static final Caller USER =
      new Caller(UUID.randomUUID(), "alice", Set.of(Role.USER), AccountType.HUMAN, "j", "");
  static final Caller MASTER_ACCOUNT =
      new Caller(UUID.randomUUID(), "mcp-master", Set.of(), AccountType.SYSTEM, "j", "");

  /** An agent reached in process, which a test can take down. */
  static class LocalAgent implements AgentClient {
    final AgentCore core;
    boolean down;

    LocalAgent(AgentCore core) {
      this.core = core;
    }

    private AgentCore up() {
      if (down) {
        throw new Unreachable("agent unreachable");
      }
      return core;
    }

    public NodeReport report() {
      return up().report(MASTER_ACCOUNT);
    }

    public ServiceStatus deploy(ServiceDefinition d) {
      return up().deploy(MASTER_ACCOUNT, d);
    }

    public ServiceStatus stop(String s) {
      return up().stop(MASTER_ACCOUNT, s);
    }

    public ServiceStatus start(String s) {
      return up().start(MASTER_ACCOUNT, s);
    }

    public ServiceStatus restart(String s) {
      return up().restart(MASTER_ACCOUNT, s);
    }

    public void undeploy(String s) {
      up().undeploy(MASTER_ACCOUNT, s);
    }

    public ServiceStatus status(String s) {
      return up().status(MASTER_ACCOUNT, s);
    }

    public List<ServiceStatus> list() {
      return up().list(MASTER_ACCOUNT);
    }

    public RecoveryReport recover() {
      return up().recover(MASTER_ACCOUNT);
    }

    public List<String> logs(String s, int t) {
      return up().logs(MASTER_ACCOUNT, s, t);
    }

    public AutoCloseable followLogs(String s, int t, Consumer<String> l) {
      return up().followLogs(MASTER_ACCOUNT, s, t, l);
    }

    public void snapshot(String s, java.io.OutputStream out) {
      up().snapshot(MASTER_ACCOUNT, s, out);
    }

    public void receive(String s, java.io.InputStream archive) {
      up().receive(MASTER_ACCOUNT, s, archive);
    }

    public void discardData(String s) {
      up().discardData(MASTER_ACCOUNT, s);
    }
  }

  final InMemoryContainerRuntime runtime = new InMemoryContainerRuntime("localhost/web:v1");
  final InMemoryServiceData serviceData = new InMemoryServiceData();
  final ManualClock clock = new ManualClock(Instant.parse("2026-12-07T10:00:00Z"));
  final LocalAgent a = agent("a", NodeRole.WORKER, 5, 20000);
  final LocalAgent b = agent("b", NodeRole.WORKER, 3, 21000);
  final LocalAgent m = agent("m", NodeRole.MASTER, 3, 22000);
  final InMemoryAuditLog audit = new InMemoryAuditLog();
  final MasterCore master =
      new MasterCore(
          new MasterSettings(
              Duration.ofSeconds(30),
              3,
              List.of(new BootStage("one", List.of("web"))),
              Duration.ofSeconds(1)),
          List.of(
              new NodeConnection("a", "127.0.0.1:9001", null, a),
              new NodeConnection("b", "127.0.0.1:9002", null, b),
              new NodeConnection("m", "127.0.0.1:9003", NodeRole.MASTER, m)),
          new InMemoryServiceRegistry(),
          audit,
          (check, within) -> Optional.empty(),
          clock);

  LocalAgent agent(String name, NodeRole role, int containers, int low) {
    AgentSettings base = AgentSettings.of(name, role, "127.0.0.1");
    return new LocalAgent(
        new AgentCore(
            new AgentSettings(
                name,
                role,
                "127.0.0.1",
                new PortRange(low, low + 100),
                List.of("/srv"),
                Set.of("mcp-master"),
                new Capacity(containers, 1024),
                5,
                Duration.ofMinutes(10),
                Duration.ofSeconds(1),
                Duration.ofHours(1),
                "/nodes/" + name),
            runtime,
            new InMemoryServiceRegistry(),
            new InMemoryAuditLog(),
            (h, p) -> true,
            serviceData,
            clock));
  }

  static ServiceDefinition web(String name, String node, Tier tier) {
    return new ServiceDefinition(
        name,
        node,
        tier,
        "",
        List.of(
            new Component(
                "web",
                new ImageReference("localhost/web:v1"),
                List.of("httpd"),
                List.of(),
                List.of(),
                List.of(new Route("", 8080, RouteMode.L4, "")))));
  }

  @Test
  void workGoesToTheWorkerWithTheMostRoomAndPinnedAndCoreWorkWhereTold() {
    master.probeAll();
    assertThat(master.deploy(ADMIN, web("one", "", Tier.WORKER)).node()).isEqualTo("a");
    assertThat(master.deploy(ADMIN, web("two", "b", Tier.WORKER)).node()).isEqualTo("b");
    assertThat(master.deploy(ADMIN, web("three", "", Tier.CORE)).node()).isEqualTo("m");
    assertThat(master.ps(ADMIN))
        .extracting(ServiceStatus::name, ServiceStatus::node, ServiceStatus::state)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("one", "a", "running"),
            org.assertj.core.groups.Tuple.tuple("three", "m", "running"),
            org.assertj.core.groups.Tuple.tuple("two", "b", "running"));
  }

  @Test
  void threeMissedProbesMakeANodeUnhealthyAndNewWorkGoesElsewhere() {
    master.probeAll();
    a.down = true;
    master.probeAll();
    master.probeAll();
    assertThat(health("a")).isEqualTo(NodeHealth.HEALTHY);
    master.probeAll();
    assertThat(health("a")).isEqualTo(NodeHealth.UNHEALTHY);
    assertThat(master.deploy(ADMIN, web("one", "", Tier.WORKER)).node()).isEqualTo("b");
    assertThatThrownBy(() -> master.deploy(ADMIN, web("two", "a", Tier.WORKER)))
        .isInstanceOf(DomainException.PreconditionFailed.class)
        .hasMessage("cannot place two: node a is unhealthy");

    a.down = false;
    master.probeAll();
    assertThat(health("a")).isEqualTo(NodeHealth.HEALTHY);
    NodeStatus node = master.nodes(ADMIN).get(0);
    assertThat(node.address()).isEqualTo("127.0.0.1:9001");
    assertThat(node.role()).isEqualTo(NodeRole.WORKER);
    assertThat(node.lastSeen()).isEqualTo(clock.instant());
  }

  @Test
  void aServiceOnAnUnreachableNodeIsUnknown() {
    master.probeAll();
    master.deploy(ADMIN, web("one", "a", Tier.WORKER));
    a.down = true;
    assertThat(master.status(ADMIN, "one").state()).isEqualTo("unknown");
    assertThat(master.ps(ADMIN).get(0).state()).isEqualTo("unknown");
  }

  @Test
  void commandsGoToTheServicesNodeAndUndeployForgetsIt() {
    master.probeAll();
    master.deploy(ADMIN, web("one", "", Tier.WORKER));
    assertThat(master.stop(ADMIN, "one").state()).isEqualTo("stopped");
    assertThat(master.start(ADMIN, "one").state()).isEqualTo("running");
    assertThat(master.restart(ADMIN, "one").state()).isEqualTo("running");
    assertThat(master.logs(ADMIN, "one", 10)).containsExactly("httpd");
    assertThat(master.recover(ADMIN, "a"))
        .singleElement()
        .satisfies(r -> assertThat(r.node()).isEqualTo("a"));
    master.undeploy(ADMIN, "one");
    assertThat(master.ps(ADMIN)).isEmpty();
    assertThat(runtime.list("a")).isEmpty();
    assertThatThrownBy(() -> master.status(ADMIN, "one"))
        .isInstanceOf(DomainException.NotFound.class)
        .hasMessage("service one is not deployed");
  }

  @Test
  void bootStartsEachStageAndChecksItsRoutes() {
    master.probeAll();
    master.deploy(ADMIN, web("web", "", Tier.WORKER));
    master.stop(ADMIN, "web");
    assertThat(master.boot(ADMIN)).isEqualTo(new BootReport.Completed(List.of("one")));
    assertThat(master.status(ADMIN, "web").state()).isEqualTo("running");
  }

  @Test
  void bootStopsAtAServiceThatIsNotDeployed() {
    master.probeAll();
    assertThat(master.boot(ADMIN))
        .isEqualTo(
            new BootReport.Failed(List.of(), "one", "web", "start", "service web is not deployed"));
  }

  @Test
  void aNonAdminIsRefusedAndTheRefusalAudited() {
    assertThatThrownBy(() -> master.deploy(USER, web("one", "", Tier.WORKER)))
        .isInstanceOf(DomainException.Forbidden.class)
        .hasMessage("admin role required");
    assertThatThrownBy(() -> master.ps(USER)).isInstanceOf(DomainException.Forbidden.class);
    assertThat(audit.query(dev.metacircular.ports.audit.AuditFilter.latest(10)))
        .anySatisfy(e -> assertThat(e.type()).isEqualTo("request_refused"));
  }

  @Test
  void eventsMergeTheMastersAndTheNodesNewestFirst() {
    master.probeAll();
    master.deploy(ADMIN, web("one", "a", Tier.WORKER));
    clock.advance(Duration.ofSeconds(10));
    master.deploy(ADMIN, web("two", "b", Tier.WORKER));
    clock.advance(Duration.ofSeconds(10));
    master.stop(ADMIN, "one");

    List<FleetEvent> all = master.events(ADMIN, "", 10);
    assertThat(all)
        .extracting(FleetEvent::service, FleetEvent::source, FleetEvent::kind)
        .containsExactly(
            tuple("one", "a", "stopped"),
            tuple("two", "master", "deployed"),
            tuple("two", "b", "deployed"),
            tuple("one", "master", "deployed"),
            tuple("one", "a", "deployed"));
    assertThat(all.get(0).message()).isEqualTo("stopped by mcp-master");
    assertThat(all.get(1).message()).isEqualTo("placed on b");
    assertThat(all.get(0).at()).isEqualTo(clock.instant());
    assertThat(master.events(ADMIN, "", 2)).containsExactlyElementsOf(all.subList(0, 2));
    assertThat(master.events(ADMIN, "two", 10))
        .extracting(FleetEvent::source)
        .containsExactly("master", "b");
  }

  @Test
  void eventsSkipANodeThatDoesNotAnswerAndRefuseBadRequests() {
    master.probeAll();
    master.deploy(ADMIN, web("one", "a", Tier.WORKER));
    master.deploy(ADMIN, web("two", "a", Tier.WORKER));
    master.deploy(ADMIN, web("three", "b", Tier.WORKER));
    a.down = true;
    assertThat(master.events(ADMIN, "", 10))
        .extracting(FleetEvent::service, FleetEvent::source)
        .containsExactlyInAnyOrder(
            tuple("one", "master"),
            tuple("two", "master"),
            tuple("three", "master"),
            tuple("three", "b"));
    b.core.undeploy(MASTER_ACCOUNT, "three");
    assertThat(master.events(ADMIN, "three", 10))
        .extracting(FleetEvent::source)
        .containsExactly("master");
    assertThatThrownBy(() -> master.events(ADMIN, "nope", 10))
        .isInstanceOf(DomainException.NotFound.class)
        .hasMessage("service nope is not deployed");
    assertThatThrownBy(() -> master.events(ADMIN, "", 0))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("limit must be positive, not 0");
    assertThatThrownBy(() -> master.events(USER, "", 10))
        .isInstanceOf(DomainException.Forbidden.class);
    assertThat(audit.query(dev.metacircular.ports.audit.AuditFilter.latest(1)))
        .singleElement()
        .satisfies(e -> assertThat(e.details()).containsEntry("action", "mcp events"));
  }

  private NodeHealth health(String node) {
    return master.nodes(ADMIN).stream()
        .filter(n -> n.name().equals(node))
        .findFirst()
        .orElseThrow()
        .health();
  }
}
