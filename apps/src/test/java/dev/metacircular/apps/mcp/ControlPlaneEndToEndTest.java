package dev.metacircular.apps.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metacircular.apps.cli.Run;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The end-to-end test: a master and two agents on loopback sharing the machine's Podman, a
 * busybox httpd serving on {@code $PORT}, driven through {@code mc mcp} exactly as an operator
 * would. The steps build on each other (one control plane per class), in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ControlPlaneEndToEndTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  static ControlPlaneFixture f;
  static String web;
  static int agentAPort;

  @BeforeAll
  static void start() throws IOException {
    Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "mcp-e2e");
    f = new ControlPlaneFixture(dir);
    web = "web" + f.run;
  }

  @AfterAll
  static void stop() {
    if (f != null) {
      f.close();
    }
  }

  static JsonNode json(Run.Result r) {
    assertThat(r.exitCode()).as(r.err()).isZero();
    try {
      return JSON.readTree(r.out());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + r.out(), e);
    }
  }

  static JsonNode status(String service) {
    return json(f.mcp("status", service, "--json"));
  }

  static JsonNode await(String service, Predicate<JsonNode> condition) throws InterruptedException {
    JsonNode last = null;
    for (int i = 0; i < 100; i++) {
      last = status(service);
      if (condition.test(last)) {
        return last;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("condition not met; last status: " + last);
  }

  static String get(int port) throws InterruptedException {
    for (int i = 0; i < 50; i++) {
      try {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body()
            .strip();
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new AssertionError("nothing served on port " + port);
  }

  static int hostPort(JsonNode status) {
    return status.get("components").get(0).get("routes").get(0).get("host_port").asInt();
  }

  @Test
  @Order(10)
  void loginStoresAnOwnerOnlyToken() throws IOException {
    Run.Result r = f.login("root");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("logged in as root");
    Path token = f.dir.resolve("operator.token");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(token)))
        .isEqualTo("rw-------");
  }

  @Test
  @Order(20)
  void deployServesOnPortAndStatusPsLogsDescribeIt() throws Exception {
    JsonNode deployed = json(f.mcp("deploy", f.httpd(web, "", "").toString(), "--json"));
    assertThat(deployed.get("state").asText()).isEqualTo("running");
    int port = hostPort(deployed);
    assertThat(port).isBetween(20100, 20299);
    assertThat(get(port)).isEqualTo(web);

    JsonNode status = status(web);
    assertThat(status.get("name").asText()).isEqualTo(web);
    assertThat(status.get("node").asText()).isIn(f.nodeA, f.nodeB);
    JsonNode component = status.get("components").get(0);
    assertThat(component.get("name").asText()).isEqualTo("web");
    assertThat(component.get("container").asText()).isEqualTo(web + "-web");
    assertThat(component.get("image").asText()).isEqualTo(ControlPlaneFixture.IMAGE);
    assertThat(component.get("state").asText()).isEqualTo("running");
    JsonNode route = component.get("routes").get(0);
    assertThat(route.get("name").asText()).isEmpty();
    assertThat(route.get("port").asInt()).isEqualTo(8080);
    assertThat(route.get("mode").asText()).isEqualTo("l4");
    assertThat(status.get("events")).isNotEmpty();

    JsonNode ps = json(f.mcp("ps", "--json"));
    assertThat(ps.get("services"))
        .anySatisfy(
            s -> {
              assertThat(s.get("name").asText()).isEqualTo(web);
              assertThat(s.get("state").asText()).isEqualTo("running");
            });
    Run.Result logs = f.mcp("logs", web);
    assertThat(logs.exitCode()).as(logs.err()).isZero();

    // The same definition again changes nothing: same container, same port.
    JsonNode again = json(f.mcp("deploy", f.dir.resolve(web + ".toml").toString(), "--json"));
    assertThat(hostPort(again)).isEqualTo(port);
  }

  @Test
  @Order(25)
  void theAdminShellHasTheSameCommands() {
    Run.Result r =
        Run.mcWithStdin(
            java.util.Map.of(),
            "mcp --config " + f.cliConfig + " ps\nmcp --config " + f.cliConfig + " nodes --json\n",
            "shell",
            "--addr",
            "https://127.0.0.1:" + f.identity.port(),
            "--ca-cert",
            f.cert.toString(),
            "--no-history");
    assertThat(r.out()).contains(web).contains("running");
    assertThat(r.out()).contains("\"health\":\"healthy\"");
  }

  @Test
  @Order(30)
  void aContainerRemovedBehindTheAgentsBackIsRestoredOnTheSamePort() throws Exception {
    int port = hostPort(status(web));
    ControlPlaneFixture.podman(f.containersConf, "rm", "-f", "-t", "0", web + "-web");
    JsonNode restored =
        await(
            web,
            s ->
                s.get("components").get(0).get("state").asText().equals("running")
                    && s.get("events").toString().contains("repaired"));
    assertThat(hostPort(restored)).isEqualTo(port);
    assertThat(get(port)).isEqualTo(web);
  }

  @Test
  @Order(40)
  void stopIsNotUndoneByRepairAndStartAndRestartBringItBack() throws Exception {
    Run.Result stopped = f.mcp("stop", web);
    assertThat(stopped.exitCode()).as(stopped.err()).isZero();
    Thread.sleep(2500); // longer than the agents' reconcile interval
    JsonNode s = status(web);
    assertThat(s.get("state").asText()).isEqualTo("stopped");
    assertThat(s.get("components").get(0).get("state").asText()).isEqualTo("stopped");

    assertThat(f.mcp("start", web).exitCode()).isZero();
    assertThat(get(hostPort(status(web)))).isEqualTo(web);
    Run.Result restarted = f.mcp("restart", web);
    assertThat(restarted.exitCode()).as(restarted.err()).isZero();
    assertThat(status(web).get("state").asText()).isEqualTo("running");
  }

  @Test
  @Order(50)
  void aPinnedServiceGoesToItsNode() throws Exception {
    String pinned = "pin" + f.run;
    JsonNode s =
        json(
            f.mcp(
                "deploy",
                f.httpd(pinned, "node = \"" + f.nodeB + "\"\n", "").toString(),
                "--json"));
    assertThat(s.get("node").asText()).isEqualTo(f.nodeB);
    assertThat(get(hostPort(s))).isEqualTo(pinned);
    assertThat(f.mcp("undeploy", pinned).exitCode()).isZero();
  }

  @Test
  @Order(60)
  void badDefinitionsAreRefusedWithReasonsAndNothingIsCreated() throws Exception {
    String bad = "bad" + f.run;
    Path latest = f.dir.resolve("latest.toml");
    Files.writeString(latest, Files.readString(f.httpd(bad, "", "")).replace(":test-1", ":latest"));
    Run.Result r = f.mcp("deploy", latest.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("uses the latest tag");

    Run.Result unknown = f.mcp("deploy", f.httpd(bad, "replicas = 3\n", "").toString());
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err()).contains("unknown key replicas");

    Run.Result volume = f.mcp("deploy", f.httpd(bad, "", "volumes = [\"/etc:/etc\"]\n").toString());
    assertThat(volume.exitCode()).isEqualTo(1);
    assertThat(volume.err()).contains("volume /etc:/etc is outside the node's volume_roots");

    assertThat(json(f.mcp("ps", "--json")).toString()).doesNotContain(bad);
    assertThat(ControlPlaneFixture.podman(f.containersConf, "ps", "-a", "--format", "{{.Names}}"))
        .doesNotContain(bad);
  }

  @Test
  @Order(70)
  void aNonAdminIsRefused() {
    assertThat(f.login("alice").exitCode()).isZero();
    Run.Result r = f.mcp("ps");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("admin role required");
    assertThat(f.login("root").exitCode()).isZero();
  }

  @Test
  @Order(80)
  void aContainerThatExitsAtOnceIsFlagged() throws Exception {
    String flap = "flap" + f.run;
    Path file = f.dir.resolve(flap + ".toml");
    Files.writeString(
        file,
        "name = \""
            + flap
            + "\"\n[[components]]\nname = \"crash\"\nimage = \""
            + ControlPlaneFixture.IMAGE
            + "\"\ncmd = [\"/bin/busybox\", \"false\"]\n");
    assertThat(f.mcp("deploy", file.toString()).exitCode()).isZero();
    JsonNode s = await(flap, x -> x.get("state").asText().equals("flapping"));
    assertThat(s.get("events").toString()).contains("more than 5 restarts in 10 minutes");
    assertThat(f.mcp("undeploy", flap).exitCode()).isZero();
  }

  @Test
  @Order(85)
  void theAgentsAndTheMasterServeTheirMetricsOnTheLoopbackListener() throws Exception {
    String a = scrape(f.agentA.metricsPort());
    String b = scrape(f.agentB.metricsPort());
    String agents = a + b;
    // The repair (Order 30) and the flapping container (Order 80), counted where they happen.
    assertThat(agents).containsPattern("mc_container_repairs_total\\{server=\"mcp-agent\"} [1-9]");
    assertThat(agents).containsPattern("mc_container_flaps_total\\{server=\"mcp-agent\"} [1-9]");
    assertThat(agents).contains("grpc_server_processing_duration_seconds_count{");
    assertThat(a).contains("jvm_memory_used_bytes{").contains("process_uptime_seconds{");
    String master = scrape(f.master.metricsPort());
    assertThat(master)
        .contains("server=\"mcp-master\"")
        .contains("grpc_server_processing_duration_seconds_count{");
  }

  private static String scrape(int port) throws Exception {
    assertThat(port).isPositive();
    java.net.http.HttpResponse<String> r =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://localhost:" + port + "/metrics"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }

  @Test
  @Order(90)
  void anAgentRestartedAfterItsContainersVanishedRestoresThem() throws Exception {
    JsonNode s = status(web);
    int port = hostPort(s);
    boolean onA = s.get("node").asText().equals(f.nodeA);
    AgentService agent = onA ? f.agentA : f.agentB;
    int agentPort = agent.port();
    agent.close();
    ControlPlaneFixture.podman(f.containersConf, "rm", "-f", "-t", "0", web + "-web");
    AgentService again =
        f.restartAgent(onA ? f.nodeA : f.nodeB, onA ? "20100-20199" : "20200-20299", agentPort);
    if (onA) {
      f.agentA = again;
    } else {
      f.agentB = again;
    }
    assertThat(again.startup().applied()).contains("create " + web + "-web");
    assertThat(get(port)).isEqualTo(web);
  }

  @Test
  @Order(100)
  void aKilledAgentMakesItsNodeUnhealthyAndNewWorkGoesElsewhere() throws Exception {
    agentAPort = f.agentA.port();
    f.agentA.close();
    JsonNode nodes = null;
    for (int i = 0; i < 50; i++) {
      nodes = json(f.mcp("nodes", "--json"));
      if (nodes.get("nodes").get(0).get("health").asText().equals("unhealthy")) {
        break;
      }
      Thread.sleep(200);
    }
    assertThat(nodes.get("nodes").get(0).get("name").asText()).isEqualTo(f.nodeA);
    assertThat(nodes.get("nodes").get(0).get("health").asText()).isEqualTo("unhealthy");
    assertThat(nodes.get("nodes").get(1).get("health").asText()).isEqualTo("healthy");
    assertThat(nodes.get("nodes").get(1).get("last_seen").asText()).isNotEmpty();

    String next = "next" + f.run;
    JsonNode s = json(f.mcp("deploy", f.httpd(next, "", "").toString(), "--json"));
    assertThat(s.get("node").asText()).isEqualTo(f.nodeB);
    assertThat(f.mcp("undeploy", next).exitCode()).isZero();
  }

  @Test
  @Order(110)
  void anAgentsReturnMakesItsNodeHealthyAndUndeployLeavesNothingBehind() throws Exception {
    // Node a's agent was stopped by the previous step: it comes back on its address.
    f.agentA = f.restartAgent(f.nodeA, "20100-20199", agentAPort);
    // Its return makes the node healthy again at the next heartbeat.
    for (int i = 0; i < 50; i++) {
      if (json(f.mcp("nodes", "--json"))
          .get("nodes")
          .get(0)
          .get("health")
          .asText()
          .equals("healthy")) {
        break;
      }
      Thread.sleep(200);
    }
    assertThat(json(f.mcp("nodes", "--json")).get("nodes").get(0).get("health").asText())
        .isEqualTo("healthy");
    Run.Result r = f.mcp("undeploy", web);
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains(web + " undeployed");
    assertThat(json(f.mcp("ps", "--json")).get("services")).isEmpty();
    assertThat(ControlPlaneFixture.podman(f.containersConf, "ps", "-a", "--format", "{{.Names}}"))
        .doesNotContain(web + "-web");
    Run.Result gone = f.mcp("status", web);
    assertThat(gone.exitCode()).isEqualTo(1);
    assertThat(gone.err()).contains("service " + web + " is not deployed");
  }
}
