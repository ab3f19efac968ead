package dev.metacircular.domain.master;

import dev.metacircular.domain.scheduler.BootSequencer;
import dev.metacircular.domain.scheduler.Placer;
import dev.metacircular.domain.scheduler.RouteHealthChecks;
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
import dev.metacircular.ports.scheduler.FleetEvent;
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
import dev.metacircular.ports.scheduler.out.AgentClient;
import dev.metacircular.ports.scheduler.out.HealthProbe;
import dev.metacircular.ports.scheduler.out.ServiceRegistry;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

  /** 64 KiB chunks: at most 1 MiB of an archive is in the master at a time. */
  private static final int TRANSFER_CHUNKS_IN_FLIGHT = 16;

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
    return forward(
        caller,
        service,
        "stop",
        AgentClient::stop,
        DesiredState.STOPPED,
        ControlPlaneAuditTypes.SERVICE_STOPPED);
  }

  @Override
  public ServiceStatus start(Caller caller, String service) {
    return forward(
        caller,
        service,
        "start",
        AgentClient::start,
        DesiredState.RUNNING,
        ControlPlaneAuditTypes.SERVICE_STARTED);
  }

  @Override
  public ServiceStatus restart(Caller caller, String service) {
    return forward(
        caller,
        service,
        "restart",
        AgentClient::restart,
        DesiredState.RUNNING,
        ControlPlaneAuditTypes.SERVICE_RESTARTED);
  }

  /**
   * One lifecycle command: checked, run by the agent that runs the service, then the fleet's
   * desired state recorded and the change audited with the node.
   */
  private ServiceStatus forward(
      Caller caller,
      String service,
      String verb,
      java.util.function.BiFunction<AgentClient, String, ServiceStatus> call,
      DesiredState desired,
      String auditType) {
    authorize(caller, verb, service);
    RegisteredService s = require(service);
    ServiceStatus status = call.apply(agent(s.node()), service);
    registry.save(s.withDesired(desired));
    audit(caller, auditType, service, Map.of("node", s.node()));
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

  @Override
  public ServiceStatus migrate(Caller caller, String service, String to) {
    authorize(caller, "migrate", service);
    RegisteredService s = require(service);
    String from = s.node();
    ServiceDefinition moved =
        new ServiceDefinition(
            s.definition().name(),
            s.definition().node().isEmpty() ? "" : to,
            s.definition().tier(),
            s.definition().version(),
            s.definition().components());
    String refusal = null;
    if (from.equals(to)) {
      refusal = "service " + service + " already runs on node " + to;
    } else {
      Placement placement;
      synchronized (lock) {
        // The target must qualify as an explicit node would: known, healthy, not edge, room left.
        placement =
            Placer.place(
                new ServiceDefinition(
                    moved.name(), to, moved.tier(), moved.version(), moved.components()),
                fleet(),
                "");
      }
      if (placement instanceof Placement.Refused refused) {
        refusal = refused.reason();
      }
    }
    if (refusal != null) {
      throw refused(
          caller,
          "migrate",
          service,
          new DomainException.PreconditionFailed(
              "cannot migrate " + service + " to " + to + ": " + refusal));
    }
    AgentClient source = agent(from);
    AgentClient target = agent(to);
    try {
      source.stop(service);
    } catch (RuntimeException e) {
      throw migrationFailed(caller, service, to, "stop on " + from, e, rollback(source, service));
    }
    try {
      transfer(source, target, service);
    } catch (RuntimeException e) {
      throw migrationFailed(caller, service, to, "transfer to " + to, e, rollback(source, service));
    }
    // The source's containers go before the target creates its own: two agents on one host share
    // one Podman, where a container name exists once. The source's data directory stays.
    try {
      source.undeploy(service);
    } catch (RuntimeException e) {
      throw migrationFailed(
          caller,
          service,
          to,
          "removing the containers from " + from,
          e,
          () -> {
            List<String> problems = discard(target, service, to);
            problems.addAll(rollback(source, service).get());
            return problems;
          });
    }
    ServiceStatus status;
    try {
      status = target.deploy(moved);
    } catch (RuntimeException e) {
      throw migrationFailed(
          caller,
          service,
          to,
          "deploy on " + to,
          e,
          () -> {
            List<String> problems = new ArrayList<>();
            try {
              target.undeploy(service);
            } catch (DomainException.NotFound nothingThere) {
              // The failed deploy left nothing to remove.
            } catch (RuntimeException u) {
              problems.add("removing it from " + to + " failed: " + u.getMessage());
            }
            problems.addAll(discard(target, service, to));
            try {
              // Its data directory on the source is untouched; the ports are allocated again.
              source.deploy(s.definition());
            } catch (RuntimeException d) {
              problems.add("deploying it on " + from + " again failed: " + d.getMessage());
            }
            return problems;
          });
    }
    registry.save(new RegisteredService(moved, to, DesiredState.RUNNING, List.of(), ""));
    registry.appendEvent(
        service,
        new ServiceEvent(
            clock.instant(),
            "migrated",
            "from " + from + " to " + to + " (its data directory stays on " + from + ")"));
    audit(
        caller,
        ControlPlaneAuditTypes.SERVICE_MIGRATED,
        service,
        Map.of("from", from, "to", to, "node", to));
    return status;
  }

  @Override
  public List<FleetEvent> events(Caller caller, String service, int limit) {
    authorize(caller, "events", service);
    if (limit < 1) {
      throw new DomainException.InvalidInput("limit must be positive, not " + limit);
    }
    List<RegisteredService> services =
        service.isEmpty() ? registry.all() : List.of(require(service));
    List<FleetEvent> all = new ArrayList<>();
    Set<String> silent = new HashSet<>();
    for (RegisteredService s : services) {
      if (!silent.contains(s.node())) {
        try {
          for (ServiceEvent e : agent(s.node()).status(s.name()).events()) {
            all.add(new FleetEvent(s.name(), s.node(), e));
          }
        } catch (Unreachable e) {
          // One unanswered call per node is enough: its other services are skipped too.
          silent.add(s.node());
        } catch (RuntimeException e) {
          // The node no longer has the service (or refuses the master): no events from there.
          LOG.log(
              Level.DEBUG,
              "no events of " + s.name() + " from " + s.node() + ": " + e.getMessage());
        }
      }
      // The master records its events after the node answered: they come after the node's.
      for (ServiceEvent e : registry.events(s.name(), limit)) {
        all.add(new FleetEvent(s.name(), FleetEvent.MASTER, e));
      }
    }
    // Each source lists oldest first: reversed, the stable sort keeps the newest first among equal
    // times too.
    Collections.reverse(all);
    all.sort(Comparator.comparing(FleetEvent::at).reversed());
    return List.copyOf(all.subList(0, Math.min(limit, all.size())));
  }

  /** Starts the service on its node again; what failed doing so. */
  private static java.util.function.Supplier<List<String>> rollback(
      AgentClient source, String service) {
    return () -> {
      List<String> problems = new ArrayList<>();
      try {
        source.start(service);
      } catch (RuntimeException e) {
        problems.add("starting it again failed: " + e.getMessage());
      }
      return problems;
    };
  }

  private static List<String> discard(AgentClient target, String service, String to) {
    List<String> problems = new ArrayList<>();
    try {
      target.discardData(service);
    } catch (RuntimeException e) {
      problems.add("removing its data from " + to + " failed: " + e.getMessage());
    }
    return problems;
  }

  /** Pipes the source agent's snapshot into the target agent through a bounded buffer. */
  private static void transfer(AgentClient source, AgentClient target, String service) {
    ArchivePipe pipe = new ArchivePipe(TRANSFER_CHUNKS_IN_FLIGHT);
    java.util.concurrent.atomic.AtomicReference<RuntimeException> snapshotFailure =
        new java.util.concurrent.atomic.AtomicReference<>();
    Thread reader =
        new Thread(
            () -> {
              // The end is marked only after a whole snapshot: closing the sink on a failure would
              // hand the target a truncated archive that looks complete.
              try {
                java.io.OutputStream sink = pipe.sink();
                source.snapshot(service, sink);
                sink.close();
              } catch (RuntimeException | java.io.IOException e) {
                // When the target stopped reading first, this failure only echoes the target's.
                if (!pipe.readerClosed()) {
                  snapshotFailure.set(
                      e instanceof RuntimeException r
                          ? r
                          : new java.io.UncheckedIOException((java.io.IOException) e));
                  pipe.fail("the snapshot failed: " + e.getMessage());
                }
              }
            },
            "mcp-migrate-snapshot-" + service);
    reader.setDaemon(true);
    reader.start();
    RuntimeException receiveFailure = null;
    try (java.io.InputStream archive = pipe.source()) {
      target.receive(service, archive);
    } catch (RuntimeException e) {
      receiveFailure = e;
    } catch (java.io.IOException e) {
      receiveFailure = new java.io.UncheckedIOException(e);
    }
    try {
      reader.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DomainException.PreconditionFailed("interrupted");
    }
    // The snapshot's own failure is the cause when there is one: the receiver only saw its echo.
    if (snapshotFailure.get() != null) {
      if (receiveFailure == null) {
        target.discardData(service);
      }
      throw snapshotFailure.get();
    }
    if (receiveFailure != null) {
      throw receiveFailure;
    }
  }

  private DomainException migrationFailed(
      Caller caller,
      String service,
      String to,
      String step,
      RuntimeException cause,
      java.util.function.Supplier<List<String>> undo) {
    List<String> problems = undo.get();
    String from = require(service).node();
    String message =
        "migrate "
            + service
            + " to "
            + to
            + " failed at "
            + step
            + ": "
            + cause.getMessage()
            + (problems.isEmpty()
                ? "; it runs on " + from + " again"
                : "; " + String.join("; ", problems));
    registry.appendEvent(service, new ServiceEvent(clock.instant(), "failed", message));
    return refused(caller, "migrate", service, new DomainException.PreconditionFailed(message));
  }

  private List<HealthCheck> checksOf(String service) {
    RegisteredService s = registry.find(service).orElseThrow();
    String host = nodes.get(s.node()).connection.host();
    List<HealthCheck> checks = new ArrayList<>();
    for (ComponentStatus c : agent(s.node()).status(service).components()) {
      for (RouteStatus r : c.routes()) {
        checks.add(RouteHealthChecks.of(s.definition(), host, c.name(), r));
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

  private AgentClient agent(String node) {
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
