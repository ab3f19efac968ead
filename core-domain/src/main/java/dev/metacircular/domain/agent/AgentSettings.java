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
    Duration reconcileInterval) {

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
