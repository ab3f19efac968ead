package dev.metacircular.apps.mcp;

import dev.metacircular.ports.scheduler.ComponentStatus;
import dev.metacircular.ports.scheduler.NodeStatus;
import dev.metacircular.ports.scheduler.RouteStatus;
import dev.metacircular.ports.scheduler.ServiceEvent;
import dev.metacircular.ports.scheduler.ServiceStatus;
import java.io.PrintWriter;
import java.util.List;

/** How {@code mc mcp} and the admin shell's {@code mcp} commands print services and nodes. */
public final class McpOutput {

  private McpOutput() {}

  public static void status(PrintWriter out, ServiceStatus s, boolean json, boolean events) {
    if (json) {
      out.println(StatusJson.status(s, events));
      return;
    }
    out.println(s.name() + " on " + s.node() + ": " + s.state());
    for (ComponentStatus c : s.components()) {
      StringBuilder line =
          new StringBuilder("  " + c.container() + "  " + c.image() + "  " + c.state());
      for (RouteStatus r : c.routes()) {
        line.append("  ")
            .append(r.name().isEmpty() ? "$PORT" : r.name())
            .append(' ')
            .append(r.mode())
            .append(' ')
            .append(r.port())
            .append("->")
            .append(r.hostPort());
      }
      out.println(line);
    }
    if (events) {
      for (ServiceEvent e : s.events()) {
        out.println("  " + e.at() + "  " + e.kind() + "  " + e.message());
      }
    }
  }

  public static void ps(PrintWriter out, List<ServiceStatus> all, boolean json) {
    if (json) {
      out.println(StatusJson.ps(all));
      return;
    }
    out.println(String.format("%-24s %-16s %s", "NAME", "NODE", "STATE"));
    for (ServiceStatus s : all) {
      out.println(String.format("%-24s %-16s %s", s.name(), s.node(), s.state()));
    }
  }

  public static void nodes(PrintWriter out, List<NodeStatus> nodes, boolean json) {
    if (json) {
      out.println(StatusJson.nodes(nodes));
      return;
    }
    out.println(
        String.format(
            "%-16s %-24s %-8s %-10s %s", "NAME", "ADDRESS", "ROLE", "HEALTH", "LAST SEEN"));
    for (NodeStatus n : nodes) {
      out.println(
          String.format(
              "%-16s %-24s %-8s %-10s %s",
              n.name(),
              n.address(),
              n.role().wireName(),
              n.health().wireName(),
              n.lastSeen() == null ? "never" : n.lastSeen()));
    }
  }
}
