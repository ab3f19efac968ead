package dev.metacircular.domain.agent;

import dev.metacircular.domain.scheduler.FlapDetector;
import dev.metacircular.ports.scheduler.Capacity;
import dev.metacircular.ports.scheduler.Names;
import dev.metacircular.ports.scheduler.NodeRole;
import dev.metacircular.ports.scheduler.PortRange;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One agent's settings (the {@code [agent]}, {@code [ports]} and {@code [podman]} sections).
 *
 * @param publishAddress the node address containers' ports are published on
 * @param volumeRoots host directories a definition may mount (and nothing else)
 * @param allowedAccounts identity accounts besides admins that may command the agent
 * @param reconcileInterval how often the agent reconciles everything, besides reacting to events
 * @param serviceRoot the directory holding each service's data directory ({@code
 *     <service_root>/<service>/}), what a migration moves
 */
public record AgentSettings(
    String name,
    NodeRole role,
    String publishAddress,
    PortRange ports,
    List<String> volumeRoots,
    Set<String> allowedAccounts,
    Capacity capacity,
    int flapMaxRestarts,
    Duration flapWindow,
    Duration stopGrace,
    Duration reconcileInterval,
    String serviceRoot) {

  /** The default service root, the reference's {@code /srv/<service>/} convention. */
  public static final String DEFAULT_SERVICE_ROOT = "/srv";

  public AgentSettings {
    Names.requireName(name, "agent name");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(publishAddress, "publishAddress");
    Objects.requireNonNull(ports, "ports");
    volumeRoots = List.copyOf(volumeRoots);
    for (String root : volumeRoots) {
      if (!root.startsWith("/") || root.contains("..")) {
        throw new IllegalArgumentException("volume_roots must be absolute paths, not " + root);
      }
    }
    allowedAccounts = Set.copyOf(allowedAccounts);
    Objects.requireNonNull(capacity, "capacity");
    Objects.requireNonNull(flapWindow, "flapWindow");
    Objects.requireNonNull(stopGrace, "stopGrace");
    Objects.requireNonNull(reconcileInterval, "reconcileInterval");
    Objects.requireNonNull(serviceRoot, "serviceRoot");
    if (!serviceRoot.startsWith("/") || serviceRoot.contains("..")) {
      throw new IllegalArgumentException(
          "service_root must be an absolute path, not " + serviceRoot);
    }
  }

  /** Settings with the default service root ({@value #DEFAULT_SERVICE_ROOT}). */
  public AgentSettings(
      String name,
      NodeRole role,
      String publishAddress,
      PortRange ports,
      List<String> volumeRoots,
      Set<String> allowedAccounts,
      Capacity capacity,
      int flapMaxRestarts,
      Duration flapWindow,
      Duration stopGrace,
      Duration reconcileInterval) {
    this(
        name,
        role,
        publishAddress,
        ports,
        volumeRoots,
        allowedAccounts,
        capacity,
        flapMaxRestarts,
        flapWindow,
        stopGrace,
        reconcileInterval,
        DEFAULT_SERVICE_ROOT);
  }

  /** The data directory of one service on this node. */
  public java.nio.file.Path dataDirectory(String service) {
    return java.nio.file.Path.of(serviceRoot).resolve(service);
  }

  /** Defaults for everything but the name, role and address. */
  public static AgentSettings of(String name, NodeRole role, String publishAddress) {
    return new AgentSettings(
        name,
        role,
        publishAddress,
        PortRange.DEFAULT,
        List.of("/srv"),
        Set.of(),
        new Capacity(50, 16384),
        FlapDetector.DEFAULT_MAX_RESTARTS,
        FlapDetector.DEFAULT_WINDOW,
        Duration.ofSeconds(10),
        Duration.ofSeconds(60));
  }
}
