package dev.metacircular.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.domain.agent.AgentCore;
import dev.metacircular.domain.agent.AgentSettings;
import dev.metacircular.domain.master.MasterCore;
import dev.metacircular.domain.master.MasterSettings;
import dev.metacircular.domain.master.NodeConnection;
import dev.metacircular.domain.memory.InMemoryAuditLog;
import dev.metacircular.domain.memory.InMemoryContainerRuntime;
import dev.metacircular.domain.memory.InMemoryServiceData;
import dev.metacircular.domain.memory.InMemoryServiceRegistry;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.client.BearerToken;
import dev.metacircular.ports.delegation.in.DelegatedAuthenticationUseCase;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.TokenClaims;
import dev.metacircular.ports.scheduler.BootReport;
import dev.metacircular.ports.scheduler.BootStage;
import dev.metacircular.ports.scheduler.Capacity;
import dev.metacircular.ports.scheduler.Component;
import dev.metacircular.ports.scheduler.ImageReference;
import dev.metacircular.ports.scheduler.NodeHealth;
import dev.metacircular.ports.scheduler.NodeReport;
import dev.metacircular.ports.scheduler.NodeRole;
import dev.metacircular.ports.scheduler.NodeStatus;
import dev.metacircular.ports.scheduler.PortRange;
import dev.metacircular.ports.scheduler.Route;
import dev.metacircular.ports.scheduler.RouteMode;
import dev.metacircular.ports.scheduler.ServiceDefinition;
import dev.metacircular.ports.scheduler.ServiceStatus;
import dev.metacircular.ports.scheduler.Tier;
import dev.metacircular.ports.scheduler.VolumeMount;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control plane's gRPC doors and clients end to end: the master's client → MasterService → the
 * master core → the agent's client → AgentService → the agent core (over an in-memory runtime).
 * Every value crosses the wire both ways; refusals keep their kind and message.
 */
class ControlPlaneGrpcTest {

  /** Tokens stand for fixed callers; the identity service's part is tested in apps. */
  static final class Tokens implements DelegatedAuthenticationUseCase {
    static final Map<String, Caller> CALLERS =
        Map.of(
            "admin-token",
                new Caller(
                    UUID.randomUUID(), "root", Set.of(Role.ADMIN), AccountType.HUMAN, "j1", ""),
            "master-token",
                new Caller(
                    UUID.randomUUID(),
                    "mcp-master",
                    Set.of(Role.USER),
                    AccountType.SYSTEM,
                    "j2",
                    ""),
            "user-token",
                new Caller(
                    UUID.randomUUID(), "alice", Set.of(Role.USER), AccountType.HUMAN, "j3", ""));

    @Override
    public IssuedToken login(String u, char[] p, String t, String s) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Caller authenticate(String token, String source) {
      Caller c = token == null ? null : CALLERS.get(token);
      if (c == null) {
        throw new DomainException.Unauthenticated(
            token == null ? "missing token" : "invalid or expired token");
      }
      return c;
    }

    @Override
    public TokenClaims tokenInfo(String token) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void logout(String token, String source) {}
  }

  @TempDir static Path dir;
  static Path ca;
  static InMemoryContainerRuntime runtime = new InMemoryContainerRuntime("localhost/web:v1");
  static InMemoryServiceData serviceData = new InMemoryServiceData();
  static AgentCore agentCore;
  static ControlPlaneGrpcServer agentServer;
  static GrpcAgentClient agent;
  static MasterCore masterCore;
  static ControlPlaneGrpcServer masterServer;

  @BeforeAll
  static void start() throws Exception {
    ca = TestPlatform.writeCaPem(dir);
    agentCore =
        new AgentCore(
            new AgentSettings(
                "n1",
                NodeRole.WORKER,
                "127.0.0.1",
                new PortRange(30000, 30100),
                List.of("/srv"),
                Set.of("mcp-master"),
                new Capacity(10, 2048),
                5,
                Duration.ofMinutes(10),
                Duration.ofSeconds(1),
                Duration.ofHours(1)),
            runtime,
            new InMemoryServiceRegistry(),
            new InMemoryAuditLog(),
            (h, p) -> true,
            serviceData,
            Clock.systemUTC());
    agentServer = ControlPlaneGrpcServer.agent(agentCore, new Tokens(), TestPlatform.settings());
    agent = new GrpcAgentClient(endpoint(agentServer.port(), "master-token"));
    masterCore =
        new MasterCore(
            new MasterSettings(
                Duration.ofHours(1),
                3,
                List.of(new BootStage("apps", List.of("web"))),
                Duration.ofSeconds(1)),
            List.of(new NodeConnection("n1", "127.0.0.1:" + agentServer.port(), null, agent)),
            new InMemoryServiceRegistry(),
            new InMemoryAuditLog(),
            // The first route's health_path crossed both doors: it is checked with an HTTP GET.
            (check, within) ->
                check.describe().equals("http GET 127.0.0.1:30000/healthz")
                    ? Optional.empty()
                    : Optional.of("refused"),
            Clock.systemUTC());
    masterCore.probeAll();
    masterServer = ControlPlaneGrpcServer.master(masterCore, new Tokens(), TestPlatform.settings());
  }

  @AfterAll
  static void stop() {
    masterServer.close();
    masterCore.close();
    agent.close();
    agentServer.close();
    agentCore.close();
  }

  static GrpcEndpoint endpoint(int port, String token) {
    BearerToken bearer = new BearerToken();
    if (token != null) {
      bearer.set(token);
    }
    return GrpcEndpoint.of(URI.create("https://127.0.0.1:" + port), ca, bearer);
  }

  static GrpcMasterClient master(String token) {
    return new GrpcMasterClient(endpoint(masterServer.port(), token));
  }

  static ServiceDefinition web() {
    return new ServiceDefinition(
        "web",
        "",
        Tier.WORKER,
        "v1.0.0",
        List.of(
            new Component(
                "api",
                new ImageReference("localhost/web:v1"),
                List.of("/bin/httpd", "-f"),
                List.of("MODE=prod", "EMPTY="),
                List.of(VolumeMount.parse("/srv/web:/data:ro")),
                List.of(
                    new Route("rest", 8443, RouteMode.L7, "web.example", "/healthz"),
                    new Route("grpc", 9443, RouteMode.L4, "")))));
  }

  @Test
  void theWholeLifecycleCrossesBothDoorsWithEveryValueIntact() throws Exception {
    try (GrpcMasterClient admin = master("admin-token")) {
      ServiceStatus deployed = admin.deploy(web());
      assertThat(deployed).isEqualTo(agentCore.status(Tokens.CALLERS.get("admin-token"), "web"));
      assertThat(deployed.node()).isEqualTo("n1");
      assertThat(deployed.state()).isEqualTo("running");
      assertThat(deployed.components().get(0).routes())
          .extracting(r -> r.name() + " " + r.port() + " " + r.hostPort() + " " + r.mode())
          .containsExactly("rest 8443 30000 l7", "grpc 9443 30001 l4");
      assertThat(deployed.events()).extracting(e -> e.kind()).containsExactly("deployed");
      // The definition crossed intact: the container was made from all of it.
      assertThat(runtime.logs("web-api", 10)).containsExactly("/bin/httpd -f");

      assertThat(admin.ps()).extracting(ServiceStatus::name).containsExactly("web");
      assertThat(admin.stop("web").state()).isEqualTo("stopped");
      assertThat(admin.start("web").state()).isEqualTo("running");
      assertThat(admin.restart("web").state()).isEqualTo("running");
      assertThat(admin.status("web").components().get(0).container()).isEqualTo("web-api");
      assertThat(admin.logs("web", 5)).containsExactly("/bin/httpd -f");
      List<String> followed = new CopyOnWriteArrayList<>();
      try (AutoCloseable f = admin.followLogs("web", 5, followed::add, () -> {})) {
        for (int i = 0; i < 50 && followed.isEmpty(); i++) {
          Thread.sleep(20);
        }
      }
      assertThat(followed).containsExactly("/bin/httpd -f");

      runtime.forgetEverything();
      assertThat(admin.recover(""))
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.node()).isEqualTo("n1");
                assertThat(r.applied()).containsExactly("create web-api");
                assertThat(r.failed()).isEmpty();
              });
      // The probe refuses the second route's port: the report names the service and the check.
      assertThat(admin.boot())
          .isEqualTo(
              new BootReport.Failed(List.of(), "apps", "web", "tcp 127.0.0.1:30001", "refused"));

      NodeStatus node = admin.nodes().get(0);
      assertThat(node.name()).isEqualTo("n1");
      assertThat(node.health()).isEqualTo(NodeHealth.HEALTHY);
      assertThat(node.role()).isEqualTo(NodeRole.WORKER);
      assertThat(node.lastSeen()).isNotNull();

      admin.undeploy("web");
      assertThat(admin.ps()).isEmpty();
      assertThatThrownBy(() -> admin.status("web"))
          .isInstanceOf(DomainException.NotFound.class)
          .hasMessage("service web is not deployed");
    }
  }

  @Test
  void theAgentsOwnDoorReportsAndRefusesWhatItMust() {
    NodeReport report = agent.report();
    assertThat(report.name()).isEqualTo("n1");
    assertThat(report.capacity()).isEqualTo(new Capacity(10, 2048));
    try (GrpcAgentClient user = new GrpcAgentClient(endpoint(agentServer.port(), "user-token"))) {
      assertThatThrownBy(user::list)
          .isInstanceOf(DomainException.Forbidden.class)
          .hasMessage(
              "account alice may not command node n1 (admin role or allowed_accounts required)");
    }
    try (GrpcAgentClient nobody = new GrpcAgentClient(endpoint(agentServer.port(), "bad"))) {
      assertThatThrownBy(nobody::list)
          .isInstanceOf(DomainException.Unauthenticated.class)
          .hasMessage("invalid or expired token");
    }
    ServiceDefinition etc =
        new ServiceDefinition(
            "bad",
            "",
            Tier.WORKER,
            "",
            List.of(
                new Component(
                    "c",
                    new ImageReference("localhost/web:v1"),
                    null,
                    null,
                    List.of(VolumeMount.parse("/etc:/etc")),
                    null)));
    assertThatThrownBy(() -> agent.deploy(etc))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("component c: volume /etc:/etc is outside the node's volume_roots (/srv)");
    assertThat(agent.list()).isEmpty();
    assertThat(agent.recover().node()).isEqualTo("n1");
    assertThatThrownBy(() -> agent.logs("nothing", 1)).isInstanceOf(DomainException.NotFound.class);
  }

  @Test
  void theMasterRefusesNonAdminsAndReportsPlacementAndBootFailures() {
    try (GrpcMasterClient user = master("user-token")) {
      assertThatThrownBy(user::ps)
          .isInstanceOf(DomainException.Forbidden.class)
          .hasMessage("admin role required");
    }
    try (GrpcMasterClient admin = master("admin-token")) {
      ServiceDefinition pinned =
          new ServiceDefinition("elsewhere", "n9", Tier.WORKER, "", web().components());
      assertThatThrownBy(() -> admin.deploy(pinned))
          .isInstanceOf(DomainException.PreconditionFailed.class)
          .hasMessage("cannot place elsewhere: node n9 is unknown");
    }
  }

  @Test
  void snapshotsCrossTheAgentsDoorInChunksBothWaysAndRefusalsKeepTheirReasons() throws Exception {
    ServiceDefinition files =
        new ServiceDefinition("files", "", Tier.WORKER, "", web().components());
    agent.deploy(files);
    try {
      byte[] big = new byte[300 * 1024];
      new java.util.Random(1).nextBytes(big);
      java.nio.file.Path dir = java.nio.file.Path.of("/srv/files");
      serviceData.put(dir, "big.bin", big);
      serviceData.put(dir, "small.txt", "x".getBytes(java.nio.charset.StandardCharsets.UTF_8));

      java.io.ByteArrayOutputStream archive = new java.io.ByteArrayOutputStream();
      agent.snapshot("files", archive);
      assertThat(archive.toByteArray()).isEqualTo(serviceData.archive(dir));

      agent.receive("copy", new java.io.ByteArrayInputStream(archive.toByteArray()));
      assertThat(serviceData.files(java.nio.file.Path.of("/srv/copy")).get("big.bin"))
          .isEqualTo(big);
      assertThatThrownBy(
              () -> agent.receive("copy", new java.io.ByteArrayInputStream(archive.toByteArray())))
          .isInstanceOf(DomainException.Conflict.class)
          .hasMessage("/srv/copy exists and is not empty: data is never overwritten");
      assertThatThrownBy(
              () -> agent.receive("files", new java.io.ByteArrayInputStream(archive.toByteArray())))
          .isInstanceOf(DomainException.Conflict.class)
          .hasMessage("service files is deployed on node n1: its data stays");
      agent.discardData("copy");
      assertThat(serviceData.exists(java.nio.file.Path.of("/srv/copy"))).isFalse();

      // An archive that cannot be read to its end is cancelled; the agent keeps nothing of it.
      java.io.InputStream broken =
          new java.io.SequenceInputStream(
              new java.io.ByteArrayInputStream(archive.toByteArray(), 0, 200 * 1024),
              new java.io.InputStream() {
                @Override
                public int read() throws java.io.IOException {
                  throw new java.io.IOException("source gone");
                }
              });
      assertThatThrownBy(() -> agent.receive("broken", broken))
          .isInstanceOf(java.io.UncheckedIOException.class)
          .hasMessageContaining("source gone");
      assertThat(serviceData.exists(java.nio.file.Path.of("/srv/broken"))).isFalse();

      assertThatThrownBy(() -> agent.snapshot("nothing", new java.io.ByteArrayOutputStream()))
          .isInstanceOf(DomainException.NotFound.class)
          .hasMessage("service nothing is not deployed on node n1");
      try (GrpcAgentClient user = new GrpcAgentClient(endpoint(agentServer.port(), "user-token"))) {
        assertThatThrownBy(() -> user.snapshot("files", new java.io.ByteArrayOutputStream()))
            .isInstanceOf(DomainException.Forbidden.class);
        assertThatThrownBy(
                () -> user.receive("other", new java.io.ByteArrayInputStream(new byte[10])))
            .isInstanceOf(DomainException.Forbidden.class);
      }
      try (GrpcMasterClient admin = master("admin-token")) {
        assertThatThrownBy(() -> admin.migrate("nothing", "n1"))
            .isInstanceOf(DomainException.NotFound.class)
            .hasMessage("service nothing is not deployed");
      }
    } finally {
      agent.undeploy("files");
    }
  }
}
