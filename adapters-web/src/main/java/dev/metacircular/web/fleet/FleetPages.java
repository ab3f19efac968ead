package dev.metacircular.web.fleet;

import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.scheduler.FleetEvent;
import dev.metacircular.ports.scheduler.NodeStatus;
import dev.metacircular.ports.scheduler.ServiceStatus;
import dev.metacircular.ports.scheduler.in.MasterUseCase;
import dev.metacircular.web.common.PageRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fleet, read-only: {@code /fleet} shows the nodes (name, address, role, health, last seen),
 * the services (name, node, state, components with image, state and ports) and the fleet's recent
 * events, newest first; {@code /fleet/services/{name}} one service's status and events. htmx
 * refreshes the fleet's part of the page every 30 seconds (only that fragment is rendered then).
 * Every value comes from service definitions, agents and containers, so the templates print it
 * escaped, never raw.
 */
final class FleetPages {
  /** How many events each page lists. */
  static final int EVENTS = 50;

  private final MasterUseCase master;

  FleetPages(MasterUseCase master) {
    this.master = master;
  }

  void overview(PageRequest request, Caller caller) {
    List<NodeStatus> nodes = master.nodes(caller);
    List<ServiceStatus> services = master.ps(caller);
    List<FleetEvent> events = master.events(caller, "", EVENTS);
    Map<String, Object> model = new HashMap<>();
    model.put("title", "Fleet");
    model.put("nodes", nodes.stream().map(NodeView::of).toList());
    model.put("services", services);
    model.put("events", events.stream().map(EventView::of).toList());
    request.render(request.htmx() ? "fleet/fleet-part" : "fleet/fleet", model);
  }

  void service(PageRequest request, Caller caller) {
    String name = request.pathParam("name");
    ServiceStatus status = master.status(caller, name);
    List<FleetEvent> events = master.events(caller, name, EVENTS);
    Map<String, Object> model = new HashMap<>();
    model.put("title", status.name());
    model.put("status", status);
    model.put("events", events.stream().map(EventView::of).toList());
    request.render("fleet/service", model);
  }
}
