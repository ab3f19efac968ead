package dev.metacircular.domain.master;

import dev.metacircular.domain.scheduler.BootSequencer;
import dev.metacircular.domain.scheduler.Placer;
import dev.metacircular.ports.audit.AuditEvent;
import dev.metacircular.ports.audit.AuditTypes;
import dev.metacircular.ports.audit.out.AuditLog;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.client.Unreachable;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.scheduler.BootReport;
import dev.metacircular.ports.scheduler.Capacity;
import dev.metacircular.ports.scheduler.ComponentStatus;
import dev.metacircular.ports.scheduler.ControlPlaneAuditTypes;
import dev.metacircular.ports.scheduler.DesiredState;
import dev.metacircular.ports.scheduler.HealthCheck;
import dev.metacircular.ports.scheduler.Node;
import dev.metacircular.ports.scheduler.NodeHealth;
import dev.metacircular.ports.scheduler.NodeReport;
import dev.metacircular.ports.scheduler.NodeRole;
import dev.metacircular.ports.scheduler.NodeStatus;
import dev.metacircular.ports.scheduler.Placement;
import dev.metacircular.ports.scheduler.RecoveryReport;
import dev.metacircular.ports.scheduler.RegisteredService;
import dev.metacircular.ports.scheduler.RouteStatus;
import dev.metacircular.ports.scheduler.ServiceDefinition;
import dev.metacircular.ports.scheduler.ServiceEvent;
import dev.metacircular.ports.scheduler.ServiceStatus;
import dev.metacircular.ports.scheduler.in.MasterUseCase;
import dev.metacircular.ports.scheduler.out.HealthProbe;
import dev.metacircular.ports.scheduler.out.ServiceRegistry;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The master: the fleet's registry (which service runs on which node, in which desired state),
 * placement of new work, the agents' health from periodic probes (three missed probes make a node
 * unhealthy, an answer makes it healthy again), and each command forwarded to the agent that runs
 * the service. Admins only; every state change and refusal is audited.
 */
public final class MasterCore implements MasterUseCase, AutoCloseable {

  private static final System.Logger LOG = System.getLogger(MasterCore.class.getName());
  private static final Caller SELF =
      new Caller(null, "mcp-master", java.util.Set.of(), null, null, "");

  /** What the master knows of one node between probes. */
  private static final class NodeState {
    final NodeConnection connection;
    NodeRole role;
    NodeHealth health = NodeHealth.UNHEALTHY;
    Instant lastSeen;
    int misses;
    Capacity capacity = Capacity.NONE;
    Capacity used = Capacity.NONE;

    NodeState(NodeConnection connection) {
      this.connection = connection;
      this.role = connection.role() == null ? NodeRole.WORKER : connection.role();
    }
  }

  private final MasterSettings settings;
  private final Map<String, NodeState> nodes = new LinkedHashMap<>();
  private final ServiceRegistry registry;
  private final AuditLog audit;
  private final HealthProbe probe;
  private final Clock clock;
  private final Object lock = new Object();
  private ScheduledExecutorService heartbeats;

  public MasterCore(
      MasterSettings settings,
      List<NodeConnection> connections,
      ServiceRegistry registry,
      AuditLog audit,
      HealthProbe probe,
      Clock clock) {
    this.settings = settings;
    for (NodeConnection c : connections) {
      if (nodes.put(c.name(), new NodeState(c)) != null) {
        throw new IllegalArgumentException("node " + c.name() + " is configured twice");
      }
    }
    this.registry = registry;
    this.audit = audit;
    this.probe = probe;
    this.clock = clock;
  }

  /** Probes every node now, then every {@code heartbeatInterval}. */
  public void startHeartbeats() {
    probeAll();
    heartbeats =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "mcp-master-heartbeats");
              t.setDaemon(true);
              return t;
            });
    long every = settings.heartbeatInterval().toMillis();
    heartbeats.scheduleWithFixedDelay(this::probeAll, every, every, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    if (heartbeats != null) {
      heartbeats.shutdownNow();
    }
  }

  /** One probe of every node (the heartbeat); public for tests and the first round. */
  public void probeAll() {
    for (NodeState node : List.copyOf(nodes.values())) {
      NodeReport report = null;
      try {
        report = node.connection.agent().report();
      } catch (RuntimeException e) {
        LOG.log(Level.DEBUG, "probe of " + node.connection.name() + " failed: " + e.getMessage());
      }
      synchronized (lock) {
        NodeHealth before = node.health;
        if (report != null) {
          node.misses = 0;
          node.lastSeen = clock.instant();
          node.health = NodeHealth.HEALTHY;
          node.capacity = report.capacity();
          node.used = report.used();
          if (node.connection.role() == null) {
            node.role = report.role();
          }
        } else {
          node.misses++;
          if (node.misses >= settings.missesToUnhealthy() || node.lastSeen == null) {
            node.health = NodeHealth.UNHEALTHY;
          }
        }
        if (before != node.health) {
          audit(
              SELF,
              ControlPlaneAuditTypes.NODE_HEALTH_CHANGED,
              node.connection.name(),
              Map.of("health", node.health.wireName()));
        }
      }
    }
  }

  @Override
  public ServiceStatus deploy(Caller caller, ServiceDefinition definition) {
    authorize(caller, "deploy", definition.name());
    Optional<RegisteredService> before = registry.find(definition.name());
    String current = before.map(RegisteredService::node).orElse("");
    Placement placement;
    synchronized (lock) {
      placement = Placer.place(definition, fleet(), current);
    }
    if (placement instanceof Placement.Refused refused) {
      throw refused(
          caller,
          "deploy",
          definition.name(),
          new DomainException.PreconditionFailed(
              "cannot place " + definition.name() + ": " + refused.reason()));
    }
    String node = ((Placement.Placed) placement).node();
    if (!current.isEmpty() && !current.equals(node)) {
      try {
        agent(current).undeploy(definition.name());
      } catch (RuntimeException e) {
        LOG.log(
            Level.WARNING,
            "could not remove " + definition.name() + " from " + current + ": " + e.getMessage());
      }
    }
    ServiceStatus status = agent(node).deploy(definition);
    registry.save(new RegisteredService(definition, node, DesiredState.RUNNING, List.of(), ""));
    registry.appendEvent(
        definition.name(), new ServiceEvent(clock.instant(), "deployed", "placed on " + node));
    audit(caller, ControlPlaneAuditTypes.SERVICE_DEPLOYED, definition.name(), Map.of("node", node));
    return status;
  }

  @Override
  public ServiceStatus stop(Caller caller, String service) {
    authorize(caller, "stop", service);
    RegisteredService s = require(service);
    ServiceStatus status = agent(s.node()).stop(service);
    registry.save(s.withDesired(DesiredState.STOPPED));
    audit(caller, ControlPlaneAuditTypes.SERVICE_STOPPED, service, Map.of("node", s.node()));
    return status;
  }

  @Override
  public ServiceStatus start(Caller caller, String service) {
    authorize(caller, "start", service);
    RegisteredService s = require(service);
    ServiceStatus status = agent(s.node()).start(service);
    registry.save(s.withDesired(DesiredState.RUNNING));
    audit(caller, ControlPlaneAuditTypes.SERVICE_STARTED, service, Map.of("node", s.node()));
    return status;
  }

  @Override
  public ServiceStatus restart(Caller caller, String service) {
    authorize(caller, "restart", service);
    RegisteredService s = require(service);
    ServiceStatus status = agent(s.node()).restart(service);
    registry.save(s.withDesired(DesiredState.RUNNING));
    audit(caller, ControlPlaneAuditTypes.SERVICE_RESTARTED, service, Map.of("node", s.node()));
    return status;
  }

  @Override
  public void undeploy(Caller caller, String service) {
    authorize(caller, "undeploy", service);
    RegisteredService s = require(service);
    try {
      agent(s.node()).undeploy(service);
    } catch (DomainException.NotFound alreadyGone) {
      // The agent no longer has it (its registry was reset): forgetting it here is all that is
      // left.
    }
    registry.delete(service);
    audit(caller, ControlPlaneAuditTypes.SERVICE_UNDEPLOYED, service, Map.of("node", s.node()));
  }

  @Override
  public ServiceStatus status(Caller caller, String service) {
    authorize(caller, "status", service);
    RegisteredService s = require(service);
    try {
      return agent(s.node()).status(service);
    } catch (Unreachable e) {
      return new ServiceStatus(
          service, s.node(), "unknown", List.of(), registry.events(service, 20));
    }
  }

  @Override
  public List<ServiceStatus> ps(Caller caller) {
    authorize(caller, "ps", "");
    Map<String, ServiceStatus> byName = new java.util.TreeMap<>();
    Map<String, List<ServiceStatus>> perNode = new HashMap<>();
    List<RegisteredService> all = registry.all();
    for (String node : all.stream().map(RegisteredService::node).distinct().toList()) {
      try {
        perNode.put(node, agent(node).list());
      } catch (RuntimeException e) {
        perNode.put(node, null);
      }
    }
    for (RegisteredService s : all) {
      List<ServiceStatus> onNode = perNode.get(s.node());
      ServiceStatus found =
          onNode == null
              ? null
              : onNode.stream().filter(x -> x.name().equals(s.name())).findFirst().orElse(null);
      byName.put(
          s.name(),
          found != null
              ? found
              : new ServiceStatus(
                  s.name(),
                  s.node(),
                  onNode == null ? "unknown" : "missing",
                  List.of(),
                  List.of()));
    }
    return List.copyOf(byName.values());
  }

  @Override
  public List<String> logs(Caller caller, String service, int tail) {
    authorize(caller, "logs", service);
    return agent(require(service).node()).logs(service, tail);
  }

  @Override
  public AutoCloseable followLogs(Caller caller, String service, int tail, Consumer<String> lines) {
    authorize(caller, "logs", service);
    return agent(require(service).node()).followLogs(service, tail, lines);
  }

  @Override
  public List<NodeStatus> nodes(Caller caller) {
    authorize(caller, "nodes", "");
    synchronized (lock) {
      List<NodeStatus> result = new ArrayList<>();
      for (NodeState n : nodes.values()) {
        result.add(
            new NodeStatus(
                n.connection.name(), n.connection.address(), n.role, n.health, n.lastSeen));
      }
      return result;
    }
  }

  @Override
  public List<RecoveryReport> recover(Caller caller, String node) {
    authorize(caller, "recover", node);
    List<RecoveryReport> reports = new ArrayList<>();
    if (!node.isEmpty()) {
      reports.add(agent(node).recover());
    } else {
      for (NodeState n : List.copyOf(nodes.values())) {
        if (n.health == NodeHealth.HEALTHY && n.role != NodeRole.EDGE) {
          reports.add(n.connection.agent().recover());
        }
      }
    }
    audit(caller, ControlPlaneAuditTypes.NODE_RECOVERED, node.isEmpty() ? "*" : node, Map.of());
    return reports;
  }

  @Override
  public BootReport boot(Caller caller) {
    authorize(caller, "boot", "");
    BootReport report =
        BootSequencer.run(
            settings.bootStages(),
            service -> {
              Optional<RegisteredService> s = registry.find(service);
              if (s.isEmpty()) {
                return Optional.of("service " + service + " is not deployed");
              }
              try {
                agent(s.get().node()).start(service);
                return Optional.empty();
              } catch (RuntimeException e) {
                return Optional.of(e.getMessage());
              }
            },
            this::checksOf,
            probe,
            settings.bootCheck());
    audit(
        caller,
        ControlPlaneAuditTypes.BOOT_RUN,
        "boot",
        Map.of("completed", Boolean.toString(report instanceof BootReport.Completed)));
    return report;
  }

  private List<HealthCheck> checksOf(String service) {
    RegisteredService s = registry.find(service).orElseThrow();
    String host = nodes.get(s.node()).connection.host();
    List<HealthCheck> checks = new ArrayList<>();
    for (ComponentStatus c : agent(s.node()).status(service).components()) {
      for (RouteStatus r : c.routes()) {
        checks.add(new HealthCheck.Tcp(host, r.hostPort()));
      }
    }
    return checks;
  }

  // --- helpers --------------------------------------------------------------------------------

  private List<Node> fleet() {
    List<Node> fleet = new ArrayList<>();
    for (NodeState n : nodes.values()) {
      fleet.add(new Node(n.connection.name(), n.role, n.health, n.capacity, n.used));
    }
    return fleet;
  }

  private dev.metacircular.ports.scheduler.out.AgentClient agent(String node) {
    NodeState state = nodes.get(node);
    if (state == null) {
      throw new DomainException.NotFound("node " + node + " is not configured");
    }
    return state.connection.agent();
  }

  private RegisteredService require(String service) {
    return registry
        .find(service)
        .orElseThrow(() -> new DomainException.NotFound("service " + service + " is not deployed"));
  }

  private void authorize(Caller caller, String action, String target) {
    if (caller == null) {
      throw new DomainException.Unauthenticated("missing token");
    }
    if (!caller.isAdmin()) {
      throw refused(caller, action, target, new DomainException.Forbidden("admin role required"));
    }
  }

  private DomainException refused(Caller caller, String action, String target, DomainException e) {
    audit.append(
        AuditEvent.of(
            clock.instant(),
            AuditTypes.REQUEST_REFUSED,
            caller.auditActor(),
            target,
            caller.sourceAddress(),
            Map.of("action", "mcp " + action, "reason", e.getMessage())));
    return e;
  }

  private void audit(Caller caller, String type, String subject, Map<String, String> details) {
    audit.append(
        AuditEvent.of(
            clock.instant(), type, caller.auditActor(), subject, caller.sourceAddress(), details));
  }
}
