package dev.metacircular.apps.mcp;

import dev.metacircular.ports.scheduler.ComponentStatus;
import dev.metacircular.ports.scheduler.NodeStatus;
import dev.metacircular.ports.scheduler.RouteStatus;
import dev.metacircular.ports.scheduler.ServiceEvent;
import dev.metacircular.ports.scheduler.ServiceStatus;
import java.util.List;

/**
 * The {@code --json} shapes of {@code status}, {@code ps} and {@code nodes} (the contract), written
 * by hand: apps keeps no JSON library (ClientLayerTest), and these three shapes are flat.
 */
final class StatusJson {

  private StatusJson() {}

  static String status(ServiceStatus s, boolean withEvents) {
    StringBuilder b = new StringBuilder("{");
    field(b, "name", s.name()).append(',');
    field(b, "node", s.node()).append(',');
    field(b, "state", s.state()).append(",\"components\":[");
    for (int i = 0; i < s.components().size(); i++) {
      ComponentStatus c = s.components().get(i);
      b.append(i == 0 ? "{" : ",{");
      field(b, "name", c.name()).append(',');
      field(b, "container", c.container()).append(',');
      field(b, "image", c.image()).append(',');
      field(b, "state", c.state()).append(",\"routes\":[");
      for (int j = 0; j < c.routes().size(); j++) {
        RouteStatus r = c.routes().get(j);
        b.append(j == 0 ? "{" : ",{");
        field(b, "name", r.name()).append(",\"port\":").append(r.port());
        b.append(",\"host_port\":").append(r.hostPort()).append(',');
        field(b, "mode", r.mode()).append('}');
      }
      b.append("]}");
    }
    b.append(']');
    if (withEvents) {
      b.append(",\"events\":[");
      for (int i = 0; i < s.events().size(); i++) {
        ServiceEvent e = s.events().get(i);
        b.append(i == 0 ? "{" : ",{");
        field(b, "at", e.at().toString()).append(',');
        field(b, "kind", e.kind()).append(',');
        field(b, "message", e.message()).append('}');
      }
      b.append(']');
    }
    return b.append('}').toString();
  }

  static String ps(List<ServiceStatus> services) {
    StringBuilder b = new StringBuilder("{\"services\":[");
    for (int i = 0; i < services.size(); i++) {
      b.append(i == 0 ? "" : ",").append(status(services.get(i), false));
    }
    return b.append("]}").toString();
  }

  static String nodes(List<NodeStatus> nodes) {
    StringBuilder b = new StringBuilder("{\"nodes\":[");
    for (int i = 0; i < nodes.size(); i++) {
      NodeStatus n = nodes.get(i);
      b.append(i == 0 ? "{" : ",{");
      field(b, "name", n.name()).append(',');
      field(b, "address", n.address()).append(',');
      field(b, "role", n.role().wireName()).append(',');
      field(b, "health", n.health().wireName()).append(',');
      if (n.lastSeen() == null) {
        b.append("\"last_seen\":null}");
      } else {
        field(b, "last_seen", n.lastSeen().toString()).append('}');
      }
    }
    return b.append("]}").toString();
  }

  private static StringBuilder field(StringBuilder b, String name, String value) {
    return string(string(b, name).append(':'), value);
  }

  /** A JSON string: quotes, backslashes and control characters escaped (RFC 8259 §7). */
  static StringBuilder string(StringBuilder b, String value) {
    b.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"');
  }
}
