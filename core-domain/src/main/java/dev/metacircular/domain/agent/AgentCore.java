package dev.metacircular.domain.agent;

import dev.metacircular.domain.scheduler.FlapDetector;
import dev.metacircular.domain.scheduler.PlanOutcome;
import dev.metacircular.domain.scheduler.PortAllocator;
import dev.metacircular.domain.scheduler.Reconciler;
import dev.metacircular.ports.audit.AuditEvent;
import dev.metacircular.ports.audit.AuditTypes;
import dev.metacircular.ports.audit.out.AuditLog;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.routecerts.out.RouteCertificates;
import dev.metacircular.ports.scheduler.Action;
import dev.metacircular.ports.scheduler.AssignedPort;
import dev.metacircular.ports.scheduler.Capacity;
import dev.metacircular.ports.scheduler.Component;
import dev.metacircular.ports.scheduler.ComponentStatus;
import dev.metacircular.ports.scheduler.ContainerSpec;
import dev.metacircular.ports.scheduler.ContainerState;
import dev.metacircular.ports.scheduler.ControlPlaneAuditTypes;
import dev.metacircular.ports.scheduler.DesiredContainer;
import dev.metacircular.ports.scheduler.DesiredState;
import dev.metacircular.ports.scheduler.ImageReference;
import dev.metacircular.ports.scheduler.NodeReport;
import dev.metacircular.ports.scheduler.NodeRole;
import dev.metacircular.ports.scheduler.ObservedContainer;
import dev.metacircular.ports.scheduler.Plan;
import dev.metacircular.ports.scheduler.RecoveryReport;
import dev.metacircular.ports.scheduler.RegisteredService;
import dev.metacircular.ports.scheduler.Route;
import dev.metacircular.ports.scheduler.RouteStatus;
import dev.metacircular.ports.scheduler.RuntimeEvent;
import dev.metacircular.ports.scheduler.RuntimeFailure;
import dev.metacircular.ports.scheduler.ServiceDefinition;
import dev.metacircular.ports.scheduler.ServiceEvent;
import dev.metacircular.ports.scheduler.ServiceStatus;
import dev.metacircular.ports.scheduler.out.ContainerRuntime;
import dev.metacircular.ports.scheduler.out.HostPorts;
import dev.metacircular.ports.scheduler.out.ServiceRegistry;
import dev.metacircular.ports.servicedata.out.ServiceData;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One node's agent: the registry of what should run here (desired state) kept true against the
 * container runtime (observed state). Operators and the master command it through {@link
 * dev.metacircular.ports.scheduler.in.AgentUseCase}; on its own it reacts to the runtime's events
 * (a container that died or was removed is repaired at once, counted, and a service repaired more
 * than the flapping limit is left alone and marked), and reconciles everything at start (the
 * reference's {@code recover}) and every {@code reconcileInterval} as a safety net. Calls are
 * serialised: one change at a time per node.
 */
public final class AgentCore
    implements dev.metacircular.ports.scheduler.in.AgentUseCase, AutoCloseable {

  private static final System.Logger LOG = System.getLogger(AgentCore.class.getName());
  private static final int STATUS_EVENTS = 20;
  private static final Caller SELF = new Caller(null, "mcp-agent", Set.of(), null, null, "");

  private final AgentSettings settings;
  private final ContainerRuntime runtime;
  private final ServiceRegistry registry;
  private final AuditLog audit;
  private final HostPorts hostPorts;
  private final Clock clock;
  private final FlapDetector flaps;
  private final ServiceData data;
  private final CertifiedRoutes certified;
  private final Object lock = new Object();
  private ScheduledExecutorService worker;
  private AutoCloseable events;

  public AgentCore(
      AgentSettings settings,
      ContainerRuntime runtime,
      ServiceRegistry registry,
      AuditLog audit,
      HostPorts hostPorts,
      ServiceData data,
      Clock clock) {
    this(settings, runtime, registry, audit, hostPorts, data, RouteCertificates.IGNORED, clock);
  }

  /**
   * An agent that gives the hostnames of {@code l7} routes their certificates from {@code
   * certificates} (in {@code <service_root>/<service>/certs/}) before it starts the containers.
   */
  public AgentCore(
      AgentSettings settings,
      ContainerRuntime runtime,
      ServiceRegistry registry,
      AuditLog audit,
      HostPorts hostPorts,
      ServiceData data,
      RouteCertificates certificates,
      Clock clock) {
    this.settings = settings;
    this.certified = new CertifiedRoutes(certificates, settings);
    this.data = data;
    this.runtime = runtime;
    this.registry = registry;
    this.audit = audit;
    this.hostPorts = hostPorts;
    this.clock = clock;
    this.flaps = new FlapDetector(settings.flapMaxRestarts(), settings.flapWindow());
  }

  /**
   * Reconciles from the registry (containers the runtime lost are recreated on their ports), then
   * follows the runtime's events and reconciles every {@code reconcileInterval}.
   */
  public RecoveryReport startWatching() {
    RecoveryReport report = reconcileAll(SELF);
    certified.resume(registry.all(), (service, why) -> event(service, "failed", why));
    worker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "mcp-agent-repairs");
              t.setDaemon(true);
              return t;
            });
    events = runtime.events(settings.name(), this::onEvent);
    long every = settings.reconcileInterval().toMillis();
    worker.scheduleWithFixedDelay(this::periodic, every, every, TimeUnit.MILLISECONDS);
    return report;
  }

  @Override
  public void close() {
    try {
      if (events != null) {
        events.close();
      }
    } catch (Exception e) {
      LOG.log(Level.WARNING, "closing the runtime's event stream failed: " + e);
    }
    if (worker != null) {
      worker.shutdownNow();
    }
  }

  @Override
  public NodeReport report(Caller caller) {
    authorize(caller, "report", "");
    int containers =
        registry.all().stream().mapToInt(s -> s.definition().components().size()).sum();
    return new NodeReport(
        settings.name(), settings.role(), settings.capacity(), new Capacity(containers, 0), "");
  }

  @Override
  public ServiceStatus deploy(Caller caller, ServiceDefinition definition) {
    authorize(caller, "deploy", definition.name());
    synchronized (lock) {
      if (settings.role() == NodeRole.EDGE) {
        throw refused(
            caller,
            "deploy",
            definition.name(),
            new DomainException.InvalidInput(
                "node " + settings.name() + " is an edge node and runs no containers"));
      }
      if (!definition.node().isEmpty() && !definition.node().equals(settings.name())) {
        throw refused(
            caller,
            "deploy",
            definition.name(),
            new DomainException.InvalidInput(
                "service "
                    + definition.name()
                    + " is pinned to node "
                    + definition.node()
                    + ", this is node "
                    + settings.name()));
      }
      try {
        VolumePolicy.check(definition, settings.volumeRoots());
      } catch (DomainException.InvalidInput e) {
        throw refused(caller, "deploy", definition.name(), e);
      }
      Set<ImageReference> present = new HashSet<>();
      for (Component component : definition.components()) {
        ensureImage(component);
        present.add(component.image());
      }
      Optional<RegisteredService> before = registry.find(definition.name());
      String certificates;
      try {
        certificates = certified.provide(definition, before);
      } catch (DomainException.InvalidInput e) {
        throw refused(caller, "deploy", definition.name(), e);
      }
      RegisteredService service =
          new RegisteredService(
              definition,
              settings.name(),
              DesiredState.RUNNING,
              allocatePorts(definition, before.map(RegisteredService::ports).orElse(List.of())),
              "");
      registry.save(service);
      flaps.reset(definition.name());
      Applied applied;
      try {
        applied = apply(service, present, before.isEmpty());
      } catch (RuntimeFailure e) {
        if (before.isEmpty()) {
          // A first deploy that cannot run leaves nothing behind: no container, no registration.
          removeContainers(service);
          registry.delete(service.name());
          certified.discard(service.name());
        } else {
          event(service.name(), "failed", e.getMessage());
        }
        throw new DomainException.PreconditionFailed(
            "deploy " + definition.name() + ": " + e.getMessage());
      }
      String summary = applied.steps().isEmpty() ? "no change" : String.join(", ", applied.steps());
      if (!certificates.isEmpty()) {
        event(service.name(), "certificates", certificates);
      }
      event(service.name(), "deployed", summary);
      audit(
          caller,
          ControlPlaneAuditTypes.SERVICE_DEPLOYED,
          service.name(),
          Map.of("changes", summary));
      return statusOf(service, applied);
    }
  }

  @Override
  public ServiceStatus stop(Caller caller, String name) {
    authorize(caller, "stop", name);
    synchronized (lock) {
      RegisteredService service = require(name).withDesired(DesiredState.STOPPED);
      registry.save(service);
      for (ObservedContainer c : observed(name)) {
        if (c.state() == ContainerState.RUNNING) {
          runtime.stop(c.name(), settings.stopGrace());
        }
      }
      event(name, "stopped", "stopped by " + caller.name());
      audit(caller, ControlPlaneAuditTypes.SERVICE_STOPPED, name, Map.of());
      return statusOf(service);
    }
  }

  @Override
  public ServiceStatus start(Caller caller, String name) {
    authorize(caller, "start", name);
    synchronized (lock) {
      RegisteredService service = require(name).withDesired(DesiredState.RUNNING);
      registry.save(service);
      flaps.reset(name);
      Applied applied = applyOrFail(service);
      event(name, "started", "started by " + caller.name());
      audit(caller, ControlPlaneAuditTypes.SERVICE_STARTED, name, Map.of());
      return statusOf(service, applied);
    }
  }

  @Override
  public ServiceStatus restart(Caller caller, String name) {
    authorize(caller, "restart", name);
    synchronized (lock) {
      RegisteredService service = require(name).withDesired(DesiredState.RUNNING);
      registry.save(service);
      flaps.reset(name);
      for (ObservedContainer c : observed(name)) {
        if (c.state() == ContainerState.RUNNING) {
          runtime.stop(c.name(), settings.stopGrace());
        }
      }
      Applied applied = applyOrFail(service);
      event(name, "restarted", "restarted by " + caller.name());
      audit(caller, ControlPlaneAuditTypes.SERVICE_RESTARTED, name, Map.of());
      return statusOf(service, applied);
    }
  }

  @Override
  public void undeploy(Caller caller, String name) {
    authorize(caller, "undeploy", name);
    synchronized (lock) {
      RegisteredService service = require(name);
      for (ObservedContainer c : observed(name)) {
        if (c.state() == ContainerState.RUNNING) {
          runtime.stop(c.name(), settings.stopGrace());
        }
      }
      removeContainers(service);
      registry.delete(name);
      certified.stopRenewing(name);
      flaps.reset(name);
      audit(caller, ControlPlaneAuditTypes.SERVICE_UNDEPLOYED, name, Map.of());
    }
  }

  @Override
  public ServiceStatus status(Caller caller, String name) {
    authorize(caller, "status", name);
    return statusOf(require(name));
  }

  @Override
  public List<ServiceStatus> list(Caller caller) {
    authorize(caller, "ps", "");
    Map<String, List<ObservedContainer>> byService = new HashMap<>();
    for (ObservedContainer c : runtime.list(settings.name())) {
      byService.computeIfAbsent(c.service(), s -> new ArrayList<>()).add(c);
    }
    List<ServiceStatus> result = new ArrayList<>();
    for (RegisteredService service : registry.all()) {
      result.add(statusOf(service, byService.getOrDefault(service.name(), List.of()), List.of()));
    }
    return result;
  }

  @Override
  public RecoveryReport recover(Caller caller) {
    authorize(caller, "recover", "");
    return reconcileAll(caller);
  }

  @Override
  public List<String> logs(Caller caller, String name, int tail) {
    authorize(caller, "logs", name);
    RegisteredService service = require(name);
    List<String> lines = new ArrayList<>();
    boolean prefix = service.definition().components().size() > 1;
    for (Component component : service.definition().components()) {
      String container = service.definition().containerName(component);
      if (runtime.inspect(container).isEmpty()) {
        continue;
      }
      for (String line : runtime.logs(container, tail)) {
        lines.add(prefix ? component.name() + " | " + line : line);
      }
    }
    return lines;
  }

  @Override
  public AutoCloseable followLogs(Caller caller, String name, int tail, Consumer<String> lines) {
    authorize(caller, "logs", name);
    RegisteredService service = require(name);
    Component first = service.definition().components().get(0);
    return runtime.followLogs(service.definition().containerName(first), tail, lines);
  }

  // --- service data (migration) ---------------------------------------------------------------

  @Override
  public void snapshot(Caller caller, String name, OutputStream out) {
    authorize(caller, "snapshot", name);
    require(name);
    // Not under the lock: a large archive must not hold up repairs of the node's other services.
    try {
      data.snapshot(settings.dataDirectory(name), out);
    } catch (UncheckedIOException e) {
      throw new DomainException.PreconditionFailed(
          "snapshot of " + settings.dataDirectory(name) + " failed: " + e.getCause().getMessage());
    }
    audit(
        caller,
        ControlPlaneAuditTypes.SERVICE_DATA_SNAPSHOT,
        name,
        Map.of("directory", settings.dataDirectory(name).toString()));
  }

  @Override
  public void receive(Caller caller, String name, InputStream archive) {
    authorize(caller, "receive", name);
    if (registry.find(name).isPresent()) {
      throw refused(
          caller,
          "receive",
          name,
          new DomainException.Conflict(
              "service " + name + " is deployed on node " + settings.name() + ": its data stays"));
    }
    try {
      data.receive(settings.dataDirectory(name), archive);
    } catch (DomainException e) {
      throw refused(caller, "receive", name, e);
    } catch (UncheckedIOException e) {
      throw new DomainException.PreconditionFailed(
          "receiving into "
              + settings.dataDirectory(name)
              + " failed (nothing written): "
              + e.getCause().getMessage());
    }
    audit(
        caller,
        ControlPlaneAuditTypes.SERVICE_DATA_RECEIVED,
        name,
        Map.of("directory", settings.dataDirectory(name).toString()));
  }

  @Override
  public void discardData(Caller caller, String name) {
    authorize(caller, "discard data", name);
    if (registry.find(name).isPresent()) {
      throw refused(
          caller,
          "discard data",
          name,
          new DomainException.Conflict(
              "service " + name + " is deployed on node " + settings.name() + ": its data stays"));
    }
    try {
      data.delete(settings.dataDirectory(name));
    } catch (UncheckedIOException e) {
      throw new DomainException.PreconditionFailed(
          "removing " + settings.dataDirectory(name) + " failed: " + e.getCause().getMessage());
    }
    audit(
        caller,
        ControlPlaneAuditTypes.SERVICE_DATA_DISCARDED,
        name,
        Map.of("directory", settings.dataDirectory(name).toString()));
  }

  // --- reconciliation and repairs -------------------------------------------------------------

  private RecoveryReport reconcileAll(Caller caller) {
    synchronized (lock) {
      List<String> applied = new ArrayList<>();
      List<String> failed = new ArrayList<>();
      List<DesiredContainer> desired = new ArrayList<>();
      Set<String> flapping = new HashSet<>();
      for (RegisteredService service : registry.all()) {
        if (service.flapping()) {
          flapping.add(service.name());
          failed.add(
              service.name() + ": flapping (" + service.flapReason() + "); start it by hand");
          continue;
        }
        desired.addAll(ContainerSpecs.desired(service, settings.publishAddress()));
      }
      List<ObservedContainer> observed =
          runtime.list(settings.name()).stream()
              .filter(c -> !flapping.contains(c.service()))
              .toList();
      Plan plan = Reconciler.plan(desired, observed);
      Map<String, String> serviceOf = new HashMap<>();
      desired.forEach(d -> serviceOf.put(d.spec().name(), d.spec().service()));
      observed.forEach(o -> serviceOf.put(o.name(), o.service()));
      Map<String, List<Action>> byService = new java.util.TreeMap<>();
      plan.actions()
          .forEach(
              a ->
                  byService
                      .computeIfAbsent(serviceOf.get(a.container()), k -> new ArrayList<>())
                      .add(a));
      // Drift found by the periodic pass (or at start) is a repair like one seen in an event, and
      // counts towards flapping like one (a container that dies between passes would otherwise be
      // restarted forever); an operator's recover is recorded as such and counts nothing.
      boolean repairs = caller == SELF;
      String kind = repairs ? "repaired" : "recovered";
      for (Map.Entry<String, List<Action>> entry : byService.entrySet()) {
        String service = entry.getKey();
        if (repairs && stopsFlapping(service, "periodic reconciliation")) {
          failed.add(service + ": flapping (" + flaps.reason() + "); start it by hand");
          continue;
        }
        List<String> steps = new ArrayList<>();
        for (Action action : entry.getValue()) {
          try {
            execute(action, new HashSet<>());
            applied.add(describe(action));
            steps.add(describe(action));
          } catch (RuntimeFailure e) {
            failed.add(describe(action) + ": " + e.getMessage());
          }
        }
        if (!steps.isEmpty()) {
          event(service, kind, "drift (reconciled with the registry): " + String.join(", ", steps));
        }
      }
      if (!plan.isEmpty()) {
        audit(
            caller,
            ControlPlaneAuditTypes.NODE_RECOVERED,
            settings.name(),
            Map.of(
                "applied",
                Integer.toString(applied.size()),
                "failed",
                Integer.toString(failed.size())));
      }
      return new RecoveryReport(settings.name(), applied, failed);
    }
  }

  private void onEvent(RuntimeEvent event) {
    if (!(event.action().equals("died") || event.action().equals("remove"))) {
      return;
    }
    ScheduledExecutorService w = worker;
    if (w != null && !w.isShutdown()) {
      w.execute(() -> repair(event.service(), event.container() + " " + event.action()));
    }
  }

  /** One periodic pass (the scheduled one; tests call it directly). */
  void periodic() {
    try {
      reconcileAll(SELF);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "periodic reconciliation failed: " + e.getMessage());
    }
  }

  /** Repairs one service after its container died or vanished; counts repairs for flapping. */
  void repair(String name, String cause) {
    try {
      synchronized (lock) {
        Optional<RegisteredService> found = registry.find(name);
        if (found.isEmpty()
            || found.get().flapping()
            || found.get().desired() != DesiredState.RUNNING) {
          return;
        }
        RegisteredService service = found.get();
        Plan plan =
            Reconciler.plan(
                ContainerSpecs.desired(service, settings.publishAddress()), observed(name));
        if (plan.isEmpty()) {
          return;
        }
        if (stopsFlapping(name, cause)) {
          return;
        }
        List<String> done = new ArrayList<>();
        for (Action action : plan.actions()) {
          execute(action, new HashSet<>());
          done.add(describe(action));
        }
        event(name, "repaired", "drift (" + cause + "): " + String.join(", ", done));
        audit(SELF, ControlPlaneAuditTypes.SERVICE_REPAIRED, name, Map.of("cause", cause));
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "repairing " + name + " failed: " + e.getMessage());
    }
  }

  /**
   * Counts one repair of {@code name}; when that makes it flap, marks it flapping (repairs stop
   * until an operator starts it), records why, and answers true.
   */
  private boolean stopsFlapping(String name, String cause) {
    if (!flaps.recordRestart(name, clock.instant())) {
      return false;
    }
    registry.find(name).ifPresent(service -> registry.save(service.withFlapReason(flaps.reason())));
    event(name, "flapping", flaps.reason() + "; repairs stopped (last: " + cause + ")");
    audit(SELF, ControlPlaneAuditTypes.SERVICE_FLAPPING, name, Map.of("reason", flaps.reason()));
    return true;
  }

  /** The steps a plan ran, and the service's containers once they ran (its status's source). */
  private record Applied(List<String> steps, List<ObservedContainer> containers) {}

  /**
   * Plans and runs {@code service}'s actions; {@code present} holds the images already found on the
   * node during this call (deploy checks them all first), so each is checked once. For a service
   * the registry did not hold ({@code firstDeploy}) nothing of it should be on the node, so its
   * containers are run without listing the node first; a leftover of the same name makes that run
   * fail at once, and the ordinary path (list, plan around what is there) takes over.
   */
  private Applied apply(
      RegisteredService service, Set<ImageReference> present, boolean firstDeploy) {
    List<DesiredContainer> desired = ContainerSpecs.desired(service, settings.publishAddress());
    List<String> steps = new ArrayList<>();
    if (firstDeploy) {
      try {
        return run(Reconciler.plan(desired, List.of()), List.of(), present, steps);
      } catch (RuntimeFailure e) {
        LOG.log(
            Level.DEBUG,
            "deploy " + service.name() + " without listing failed, listing the node: " + e);
      }
    }
    List<ObservedContainer> observed = observed(service.name());
    return run(Reconciler.plan(desired, observed), observed, present, steps);
  }

  private Applied run(
      Plan plan,
      List<ObservedContainer> observed,
      Set<ImageReference> present,
      List<String> steps) {
    for (Action action : plan.actions()) {
      execute(action, present);
      steps.add(describe(action));
    }
    return new Applied(steps, PlanOutcome.after(observed, plan));
  }

  private Applied applyOrFail(RegisteredService service) {
    try {
      return apply(service, new HashSet<>(), false);
    } catch (RuntimeFailure e) {
      event(service.name(), "failed", e.getMessage());
      throw new DomainException.PreconditionFailed(service.name() + ": " + e.getMessage());
    }
  }

  private void execute(Action action, Set<ImageReference> present) {
    if (action instanceof Action.Create create) {
      ensureImage(create.spec().image(), present);
      make(create.spec(), create.start());
    } else if (action instanceof Action.Recreate recreate) {
      ensureImage(recreate.spec().image(), present);
      runtime.remove(recreate.container());
      make(recreate.spec(), recreate.start());
    } else if (action instanceof Action.Start start) {
      runtime.start(start.container());
    } else if (action instanceof Action.Stop stop) {
      runtime.stop(stop.container(), settings.stopGrace());
    } else if (action instanceof Action.Remove remove) {
      runtime.remove(remove.container());
    }
  }

  private void make(ContainerSpec spec, boolean start) {
    if (start) {
      runtime.run(spec);
    } else {
      runtime.create(spec);
    }
  }

  private static String describe(Action action) {
    String verb = action.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    return verb + " " + action.container();
  }

  private void ensureImage(Component component) {
    try {
      ensureImage(component.image());
    } catch (RuntimeFailure e) {
      throw new DomainException.PreconditionFailed(
          "component "
              + component.name()
              + ": image "
              + component.image()
              + " is not on the node and could not be pulled: "
              + e.getMessage());
    }
  }

  private void ensureImage(ImageReference image) {
    if (!runtime.hasImage(image)) {
      runtime.pull(image);
    }
  }

  private void ensureImage(ImageReference image, Set<ImageReference> present) {
    if (present.add(image)) {
      ensureImage(image);
    }
  }

  private void removeContainers(RegisteredService service) {
    for (Component component : service.definition().components()) {
      try {
        runtime.remove(service.definition().containerName(component));
      } catch (RuntimeFailure e) {
        LOG.log(
            Level.WARNING,
            "removing a container of " + service.name() + " failed: " + e.getMessage());
      }
    }
  }

  private List<AssignedPort> allocatePorts(ServiceDefinition definition, List<AssignedPort> kept) {
    Set<Integer> heldByOthers = new HashSet<>();
    for (RegisteredService other : registry.all()) {
      if (!other.name().equals(definition.name())) {
        other.ports().forEach(p -> heldByOthers.add(p.hostPort()));
      }
    }
    Set<Integer> mine = new HashSet<>();
    kept.forEach(p -> mine.add(p.hostPort()));
    List<AssignedPort> result = new ArrayList<>();
    for (Component component : definition.components()) {
      Map<String, Integer> previous = new HashMap<>();
      kept.stream()
          .filter(p -> p.component().equals(component.name()))
          .forEach(p -> previous.put(p.variable(), p.hostPort()));
      Map<String, Integer> ports =
          PortAllocator.allocate(
              settings.ports(),
              component.routes(),
              previous,
              heldByOthers,
              port -> mine.contains(port) || hostPorts.isFree(settings.publishAddress(), port));
      ports.forEach(
          (variable, port) -> {
            result.add(new AssignedPort(component.name(), variable, port));
            heldByOthers.add(port);
          });
    }
    return result;
  }

  // --- status -----------------------------------------------------------------------------------

  private List<ObservedContainer> observed(String service) {
    return runtime.list(settings.name()).stream().filter(c -> c.service().equals(service)).toList();
  }

  private ServiceStatus statusOf(RegisteredService service, Applied applied) {
    return statusOf(service, applied.containers(), registry.events(service.name(), STATUS_EVENTS));
  }

  private ServiceStatus statusOf(RegisteredService service) {
    return statusOf(
        service, observed(service.name()), registry.events(service.name(), STATUS_EVENTS));
  }

  private ServiceStatus statusOf(
      RegisteredService service, List<ObservedContainer> observed, List<ServiceEvent> events) {
    Map<String, ObservedContainer> byName = new HashMap<>();
    observed.forEach(c -> byName.put(c.name(), c));
    List<ComponentStatus> components = new ArrayList<>();
    boolean allRunning = true;
    for (Component component : service.definition().components()) {
      String container = service.definition().containerName(component);
      ObservedContainer c = byName.get(container);
      String state = c == null ? "missing" : c.state().wireName();
      allRunning &= c != null && c.state() == ContainerState.RUNNING;
      List<RouteStatus> routes = new ArrayList<>();
      for (Route route : component.routes()) {
        routes.add(
            new RouteStatus(
                route.name(),
                route.port(),
                ContainerSpecs.hostPort(service, component.name(), route.portVariable()),
                route.mode().wireName()));
      }
      components.add(
          new ComponentStatus(
              component.name(), container, component.image().value(), state, routes));
    }
    String state;
    if (service.flapping()) {
      state = "flapping";
    } else if (service.desired() == DesiredState.STOPPED) {
      state = "stopped";
    } else {
      state = allRunning ? "running" : "degraded";
    }
    return new ServiceStatus(service.name(), service.node(), state, components, events);
  }

  // --- authorization, events, audit ------------------------------------------------------------

  private void authorize(Caller caller, String action, String target) {
    if (caller == null) {
      throw new DomainException.Unauthenticated("missing token");
    }
    if (caller.isAdmin() || settings.allowedAccounts().contains(caller.name())) {
      return;
    }
    throw refused(
        caller,
        action,
        target,
        new DomainException.Forbidden(
            "account "
                + caller.name()
                + " may not command node "
                + settings.name()
                + " (admin role or allowed_accounts required)"));
  }

  private RegisteredService require(String name) {
    return registry
        .find(name)
        .orElseThrow(
            () ->
                new DomainException.NotFound(
                    "service " + name + " is not deployed on node " + settings.name()));
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

  private void event(String service, String kind, String message) {
    registry.appendEvent(service, new ServiceEvent(clock.instant(), kind, message));
  }

  private void audit(Caller caller, String type, String subject, Map<String, String> details) {
    Map<String, String> all = new HashMap<>(details);
    all.put("node", settings.name());
    audit.append(
        AuditEvent.of(
            clock.instant(), type, caller.auditActor(), subject, caller.sourceAddress(), all));
  }
}
