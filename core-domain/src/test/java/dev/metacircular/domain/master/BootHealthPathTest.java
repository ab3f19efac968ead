package dev.metacircular.domain.master;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.domain.agent.AgentCore;
import dev.metacircular.domain.agent.AgentSettings;
import dev.metacircular.domain.memory.InMemoryAuditLog;
import dev.metacircular.domain.memory.InMemoryContainerRuntime;
import dev.metacircular.domain.memory.InMemoryServiceData;
import dev.metacircular.domain.memory.InMemoryServiceRegistry;
import dev.metacircular.domain.time.ManualClock;
import dev.metacircular.ports.scheduler.BootReport;
import dev.metacircular.ports.scheduler.BootStage;
import dev.metacircular.ports.scheduler.Capacity;
import dev.metacircular.ports.scheduler.Component;
import dev.metacircular.ports.scheduler.HealthCheck;
import dev.metacircular.ports.scheduler.ImageReference;
import dev.metacircular.ports.scheduler.NodeRole;
import dev.metacircular.ports.scheduler.PortRange;
import dev.metacircular.ports.scheduler.Route;
import dev.metacircular.ports.scheduler.RouteMode;
import dev.metacircular.ports.scheduler.ServiceDefinition;
import dev.metacircular.ports.scheduler.Tier;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Boot with {@code health_path}: a route that declares one is checked with an HTTP GET of that path
 * on the node's address and the route's host port; a failing GET stops the boot at its stage, and
 * the report names the service, the check and the answer.
 */
class BootHealthPathTest {

  final InMemoryContainerRuntime runtime = new InMemoryContainerRuntime("localhost/web:v1");
  final ManualClock clock = new ManualClock(Instant.parse("2026-12-07T10:00:00Z"));
  final List<HealthCheck> checked = new CopyOnWriteArrayList<>();
  String healthzAnswer = "HTTP 404";

  final MasterCore master =
      new MasterCore(
          new MasterSettings(
              Duration.ofSeconds(30),
              3,
              List.of(new BootStage("base", List.of("db")), new BootStage("apps", List.of("web"))),
              Duration.ofSeconds(1)),
          List.of(new NodeConnection("a", "10.0.0.7:9001", null, agent())),
          new InMemoryServiceRegistry(),
          new InMemoryAuditLog(),
          (check, within) -> {
            checked.add(check);
            return check instanceof HealthCheck.Http http && http.path().equals("/healthz")
                ? Optional.ofNullable(healthzAnswer)
                : Optional.empty();
          },
          clock);

  MasterCoreTest.LocalAgent agent() {
    return new MasterCoreTest.LocalAgent(
        new AgentCore(
            new AgentSettings(
                "a",
                NodeRole.WORKER,
                "10.0.0.7",
                new PortRange(20000, 20100),
                List.of("/srv"),
                Set.of("mcp-master"),
                new Capacity(5, 1024),
                5,
                Duration.ofMinutes(10),
                Duration.ofSeconds(1),
                Duration.ofHours(1),
                "/nodes/a"),
            runtime,
            new InMemoryServiceRegistry(),
            new InMemoryAuditLog(),
            (h, p) -> true,
            new InMemoryServiceData(),
            clock));
  }

  static ServiceDefinition service(String name, String healthPath) {
    return new ServiceDefinition(
        name,
        "",
        Tier.WORKER,
        "",
        List.of(
            new Component(
                "web",
                new ImageReference("localhost/web:v1"),
                List.of("httpd"),
                List.of(),
                List.of(),
                List.of(new Route("", 8080, RouteMode.L7, "", healthPath)))));
  }

  @Test
  void aStageWhoseHealthPathFailsStopsTheBootWithTheServiceTheCheckAndTheAnswer() {
    master.probeAll();
    master.deploy(MasterCoreTest.ADMIN, service("db", ""));
    int webPort =
        master
            .deploy(MasterCoreTest.ADMIN, service("web", "/healthz"))
            .components()
            .get(0)
            .routes()
            .get(0)
            .hostPort();

    assertThat(master.boot(MasterCoreTest.ADMIN))
        .isEqualTo(
            new BootReport.Failed(
                List.of("base"),
                "apps",
                "web",
                "http GET 10.0.0.7:" + webPort + "/healthz",
                "HTTP 404"));
    assertThat(checked)
        .containsExactly(
            new HealthCheck.Tcp("10.0.0.7", checked.get(0).port()),
            new HealthCheck.Http("10.0.0.7", webPort, "/healthz"));

    healthzAnswer = null;
    assertThat(master.boot(MasterCoreTest.ADMIN))
        .isEqualTo(new BootReport.Completed(List.of("base", "apps")));
  }
}
