package dev.metacircular.apps.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metacircular.ports.scheduler.ComponentStatus;
import dev.metacircular.ports.scheduler.NodeStatus;
import dev.metacircular.ports.scheduler.RouteStatus;
import dev.metacircular.ports.scheduler.ServiceEvent;
import dev.metacircular.ports.scheduler.ServiceStatus;
import java.util.List;

/** The {@code --json} shapes of {@code status}, {@code ps} and {@code nodes} (the contract). */
final class StatusJson {

  static final ObjectMapper JSON = new ObjectMapper();

  private StatusJson() {}

  static ObjectNode status(ServiceStatus s, boolean withEvents) {
    ObjectNode o = JSON.createObjectNode();
    o.put("name", s.name());
    o.put("node", s.node());
    o.put("state", s.state());
    ArrayNode components = o.putArray("components");
    for (ComponentStatus c : s.components()) {
      ObjectNode co = components.addObject();
      co.put("name", c.name());
      co.put("container", c.container());
      co.put("image", c.image());
      co.put("state", c.state());
      ArrayNode routes = co.putArray("routes");
      for (RouteStatus r : c.routes()) {
        ObjectNode ro = routes.addObject();
        ro.put("name", r.name());
        ro.put("port", r.port());
        ro.put("host_port", r.hostPort());
        ro.put("mode", r.mode());
      }
    }
    if (withEvents) {
      ArrayNode events = o.putArray("events");
      for (ServiceEvent e : s.events()) {
        ObjectNode eo = events.addObject();
        eo.put("at", e.at().toString());
        eo.put("kind", e.kind());
        eo.put("message", e.message());
      }
    }
    return o;
  }

  static ObjectNode ps(List<ServiceStatus> services) {
    ObjectNode o = JSON.createObjectNode();
    ArrayNode list = o.putArray("services");
    services.forEach(s -> list.add(status(s, false)));
    return o;
  }

  static ObjectNode nodes(List<NodeStatus> nodes) {
    ObjectNode o = JSON.createObjectNode();
    ArrayNode list = o.putArray("nodes");
    for (NodeStatus n : nodes) {
      ObjectNode no = list.addObject();
      no.put("name", n.name());
      no.put("address", n.address());
      no.put("role", n.role().wireName());
      no.put("health", n.health().wireName());
      if (n.lastSeen() == null) {
        no.putNull("last_seen");
      } else {
        no.put("last_seen", n.lastSeen().toString());
      }
    }
    return o;
  }
}
