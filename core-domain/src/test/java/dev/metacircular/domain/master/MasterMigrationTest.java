package dev.metacircular.domain.master;

import static dev.metacircular.domain.master.MasterCoreTest.ADMIN;
import static dev.metacircular.domain.master.MasterCoreTest.MASTER_ACCOUNT;
import static dev.metacircular.domain.master.MasterCoreTest.USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.domain.agent.AgentCore;
import dev.metacircular.domain.agent.AgentSettings;
import dev.metacircular.domain.master.MasterCoreTest.LocalAgent;
import dev.metacircular.domain.memory.InMemoryAuditLog;
import dev.metacircular.domain.memory.InMemoryContainerRuntime;
import dev.metacircular.domain.memory.InMemoryServiceData;
import dev.metacircular.domain.memory.InMemoryServiceRegistry;
import dev.metacircular.domain.time.ManualClock;
import dev.metacircular.ports.audit.AuditFilter;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.scheduler.Capacity;
import dev.metacircular.ports.scheduler.Component;
import dev.metacircular.ports.scheduler.ImageReference;
import dev.metacircular.ports.scheduler.NodeRole;
import dev.metacircular.ports.scheduler.PortRange;
import dev.metacircular.ports.scheduler.Route;
import dev.metacircular.ports.scheduler.RouteMode;
import dev.metacircular.ports.scheduler.ServiceDefinition;
import dev.metacircular.ports.scheduler.ServiceStatus;
import dev.metacircular.ports.scheduler.Tier;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code mcp migrate}: the target's checks, the sequence, and the rollback of each failed step. */
class MasterMigrationTest {

  static final Path A_DATA = Path.of("/nodes/a/web");
  static final Path B_DATA = Path.of("/nodes/b/web");

  final InMemoryContainerRuntime runtime = new InMemoryContainerRuntime("localhost/web:v1");
  final InMemoryServiceData data = new InMemoryServiceData();
  final ManualClock clock = new ManualClock(Instant.parse("2026-12-07T10:00:00Z"));
  final InMemoryAuditLog audit = new InMemoryAuditLog();
  final InMemoryServiceRegistry fleet = new InMemoryServiceRegistry();
  final LocalAgent a = agent("a", NodeRole.WORKER, List.of("/srv"), 20000);
  final BreakableAgent b = new BreakableAgent(core("b", NodeRole.WORKER, List.of("/srv"), 21000));
  final LocalAgent c = agent("c", NodeRole.WORKER, List.of("/elsewhere"), 22000);
  final LocalAgent e = agent("e", NodeRole.EDGE, List.of("/srv"), 23000);
  final LocalAgent gone = agent("gone", NodeRole.WORKER, List.of("/srv"), 24000);
  final MasterCore master =
      new MasterCore(
          new MasterSettings(Duration.ofSeconds(30), 3, List.of(), Duration.ofSeconds(1)),
          List.of(
              new NodeConnection("a", "127.0.0.1:9001", null, a),
              new NodeConnection("b", "127.0.0.1:9002", null, b),
              new NodeConnection("c", "127.0.0.1:9003", null, c),
              new NodeConnection("e", "127.0.0.1:9004", null, e),
              new NodeConnection("gone", "127.0.0.1:9005", null, gone)),
          fleet,
          audit,
          (check, within) -> Optional.empty(),
          clock);

  /** An agent whose snapshot can break half-way, as a connection that drops. */
  static final class BreakableAgent extends LocalAgent {
    boolean breakSnapshot;

    BreakableAgent(AgentCore core) {
      super(core);
    }

    @Override
    public void snapshot(String s, OutputStream out) {
      if (!breakSnapshot) {
        super.snapshot(s, out);
        return;
      }
      try {
        out.write(new byte[] {0, 0, 0, 1});
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      throw new DomainException.PreconditionFailed("connection reset");
    }
  }

  AgentCore core(String name, NodeRole role, List<String> volumeRoots, int low) {
    return new AgentCore(
        new AgentSettings(
            name,
            role,
            "127.0.0.1",
            new PortRange(low, low + 100),
            volumeRoots,
            Set.of("mcp-master"),
            new Capacity(5, 1024),
            5,
            Duration.ofMinutes(10),
            Duration.ofSeconds(1),
            Duration.ofHours(1),
            "/nodes/" + name),
        runtime,
        new InMemoryServiceRegistry(),
        new InMemoryAuditLog(),
        (h, p) -> true,
        data,
        clock);
  }

  LocalAgent agent(String name, NodeRole role, List<String> volumeRoots, int low) {
    return new LocalAgent(core(name, role, volumeRoots, low));
  }

  static ServiceDefinition web(String node) {
    return new ServiceDefinition(
        "web",
        node,
        Tier.WORKER,
        "",
        List.of(
            new Component(
                "web",
                new ImageReference("localhost/web:v1"),
                List.of("httpd"),
                List.of(),
                List.of(dev.metacircular.ports.scheduler.VolumeMount.parse("/srv/web:/data")),
                List.of(new Route("", 8080, RouteMode.L4, "")))));
  }

  @BeforeEach
  void deployOnA() {
    gone.down = true;
    master.probeAll();
    master.deploy(ADMIN, web("a"));
    data.put(A_DATA, "app.db", "rows".getBytes(StandardCharsets.UTF_8));
    data.put(A_DATA, "config.toml", "x = 1".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theServiceMovesWithItsDataAndTheSourceKeepsItsCopy() {
    ServiceStatus moved = master.migrate(ADMIN, "web", "b");

    assertThat(moved.node()).isEqualTo("b");
    assertThat(moved.state()).isEqualTo("running");
    assertThat(master.status(ADMIN, "web").node()).isEqualTo("b");
    assertThat(runtime.list("a")).isEmpty();
    assertThat(runtime.list("b"))
        .singleElement()
        .satisfies(x -> assertThat(x.node()).isEqualTo("b"));
    assertThat(data.files(B_DATA)).containsOnlyKeys("app.db", "config.toml");
    assertThat(new String(data.files(B_DATA).get("app.db"), StandardCharsets.UTF_8))
        .isEqualTo("rows");
    assertThat(data.files(A_DATA)).containsOnlyKeys("app.db", "config.toml");
    assertThatThrownBy(() -> a.core.status(MASTER_ACCOUNT, "web"))
        .isInstanceOf(DomainException.NotFound.class);
    // The pinned node moved with it: a redeploy of the stored definition stays on b.
    assertThat(master.deploy(ADMIN, web("b")).node()).isEqualTo("b");
    assertThat(fleet.events("web", 20))
        .anySatisfy(
            ev -> {
              assertThat(ev.kind()).isEqualTo("migrated");
              assertThat(ev.message()).startsWith("from a to b");
            });
    assertThat(audit.query(AuditFilter.latest(20)))
        .anySatisfy(
            ev -> {
              assertThat(ev.type()).isEqualTo("mcp_service_migrated");
              assertThat(ev.details()).containsEntry("from", "a").containsEntry("to", "b");
            });
  }

  @Test
  void anUnpinnedServiceStaysUnpinnedOnItsNewNode() {
    master.undeploy(ADMIN, "web");
    master.deploy(ADMIN, web(""));
    String from = master.status(ADMIN, "web").node();
    String to = from.equals("a") ? "b" : "a";
    assertThat(master.migrate(ADMIN, "web", to).node()).isEqualTo(to);
    assertThat(master.deploy(ADMIN, web("")).node()).isEqualTo(to);
  }

  @Test
  void targetsThatDoNotQualifyAreRefusedWithTheirReasonAndNothingChanges() {
    Map<String, String> refusals =
        Map.of(
            "a", "cannot migrate web to a: service web already runs on node a",
            "nowhere", "cannot migrate web to nowhere: node nowhere is unknown",
            "e", "cannot migrate web to e: node e is an edge node",
            "gone", "cannot migrate web to gone: node gone is unhealthy");
    refusals.forEach(
        (to, reason) ->
            assertThatThrownBy(() -> master.migrate(ADMIN, "web", to))
                .as(to)
                .isInstanceOf(DomainException.PreconditionFailed.class)
                .hasMessageStartingWith(reason));
    assertThat(master.status(ADMIN, "web").node()).isEqualTo("a");
    assertThat(master.status(ADMIN, "web").state()).isEqualTo("running");
    assertThat(data.exists(B_DATA)).isFalse();
    assertThatThrownBy(() -> master.migrate(ADMIN, "nothing", "b"))
        .isInstanceOf(DomainException.NotFound.class)
        .hasMessage("service nothing is not deployed");
    assertThatThrownBy(() -> master.migrate(USER, "web", "b"))
        .isInstanceOf(DomainException.Forbidden.class);
    assertThat(audit.query(AuditFilter.latest(20)))
        .filteredOn(ev -> ev.type().equals("request_refused"))
        .hasSizeGreaterThanOrEqualTo(5);
  }

  @Test
  void aTargetWhoseDirectoryHoldsDataRefusesAndTheServiceRunsOnItsNodeAgain() {
    data.put(B_DATA, "other.txt", new byte[] {1});
    assertThatThrownBy(() -> master.migrate(ADMIN, "web", "b"))
        .isInstanceOf(DomainException.PreconditionFailed.class)
        .hasMessageContaining("failed at transfer to b")
        .hasMessageContaining("/nodes/b/web exists and is not empty")
        .hasMessageEndingWith("it runs on a again");
    assertRunsOnAOnly();
    assertThat(data.files(B_DATA)).containsOnlyKeys("other.txt");
  }

  @Test
  void aReceiveThatFailsLeavesNothingOnTheTarget() {
    data.failReceives(true);
    assertThatThrownBy(() -> master.migrate(ADMIN, "web", "b"))
        .isInstanceOf(DomainException.PreconditionFailed.class)
        .hasMessageContaining("failed at transfer to b")
        .hasMessageContaining("disk full");
    assertRunsOnAOnly();
    assertThat(data.exists(B_DATA)).isFalse();
  }

  @Test
  void aSnapshotThatBreaksHalfWayNeverArrivesAsData() {
    master.undeploy(ADMIN, "web");
    LocalAgent source = b;
    master.deploy(ADMIN, web("b"));
    data.delete(A_DATA);
    b.breakSnapshot = true;
    assertThatThrownBy(() -> master.migrate(ADMIN, "web", "a"))
        .isInstanceOf(DomainException.PreconditionFailed.class)
        .hasMessageContaining("failed at transfer to a")
        .hasMessageContaining("connection reset")
        .hasMessageEndingWith("it runs on b again");
    assertThat(source.status("web").state()).isEqualTo("running");
    assertThat(master.status(ADMIN, "web").node()).isEqualTo("b");
    assertThat(data.exists(A_DATA)).isFalse();
  }

  @Test
  void aDeployTheTargetRefusesIsUndoneAndTheServiceComesBackOnItsNode() {
    assertThatThrownBy(() -> master.migrate(ADMIN, "web", "c"))
        .isInstanceOf(DomainException.PreconditionFailed.class)
        .hasMessageContaining("failed at deploy on c")
        .hasMessageContaining("outside the node's volume_roots")
        .hasMessageEndingWith("it runs on a again");
    assertRunsOnAOnly();
    assertThat(data.exists(Path.of("/nodes/c/web"))).isFalse();
    assertThat(fleet.events("web", 20)).anySatisfy(ev -> assertThat(ev.kind()).isEqualTo("failed"));
  }

  private void assertRunsOnAOnly() {
    assertThat(master.status(ADMIN, "web").node()).isEqualTo("a");
    assertThat(master.status(ADMIN, "web").state()).isEqualTo("running");
    assertThat(runtime.list("a")).hasSize(1);
    assertThat(runtime.list("b")).isEmpty();
    assertThat(runtime.list("c")).isEmpty();
    assertThat(data.files(A_DATA)).containsOnlyKeys("app.db", "config.toml");
  }
}
