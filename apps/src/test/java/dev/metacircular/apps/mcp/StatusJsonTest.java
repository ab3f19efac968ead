package dev.metacircular.apps.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metacircular.ports.scheduler.ComponentStatus;
import dev.metacircular.ports.scheduler.NodeHealth;
import dev.metacircular.ports.scheduler.NodeRole;
import dev.metacircular.ports.scheduler.NodeStatus;
import dev.metacircular.ports.scheduler.RouteStatus;
import dev.metacircular.ports.scheduler.ServiceEvent;
import dev.metacircular.ports.scheduler.ServiceStatus;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** The hand-written JSON of status, ps and nodes parses, with every field, whatever the text. */
class StatusJsonTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @Property
  void anyTextSurvivesAsAJsonString(@ForAll String text) throws Exception {
    ServiceStatus s =
        new ServiceStatus(
            "web",
            "n1",
            "running",
            List.of(),
            List.of(new ServiceEvent(Instant.EPOCH, "failed", text)));
    assertThat(
            JSON.readTree(StatusJson.status(s, true)).get("events").get(0).get("message").asText())
        .isEqualTo(text);
  }

  @Test
  void theShapesHaveTheContractsFields() throws Exception {
    ServiceStatus s =
        new ServiceStatus(
            "web",
            "n1",
            "running",
            List.of(
                new ComponentStatus(
                    "api",
                    "web-api",
                    "localhost/web:v1",
                    "running",
                    List.of(
                        new RouteStatus("", 8080, 10000, "l4"),
                        new RouteStatus("grpc", 9443, 10001, "l7")))),
            List.of());
    JsonNode status = JSON.readTree(StatusJson.status(s, true));
    assertThat(status.get("components").get(0).get("routes").get(1).get("host_port").asInt())
        .isEqualTo(10001);
    assertThat(status.get("events")).isEmpty();
    JsonNode ps = JSON.readTree(StatusJson.ps(List.of(s, s)));
    assertThat(ps.get("services")).hasSize(2);
    assertThat(ps.get("services").get(0).has("events")).isFalse();
    JsonNode nodes =
        JSON.readTree(
            StatusJson.nodes(
                List.of(
                    new NodeStatus(
                        "a", "127.0.0.1:1", NodeRole.WORKER, NodeHealth.HEALTHY, Instant.EPOCH),
                    new NodeStatus(
                        "b", "127.0.0.1:2", NodeRole.EDGE, NodeHealth.UNHEALTHY, null))));
    assertThat(nodes.get("nodes").get(0).get("last_seen").asText())
        .isEqualTo("1970-01-01T00:00:00Z");
    assertThat(nodes.get("nodes").get(1).get("last_seen").isNull()).isTrue();
    assertThat(nodes.get("nodes").get(1).get("role").asText()).isEqualTo("edge");
  }
}
