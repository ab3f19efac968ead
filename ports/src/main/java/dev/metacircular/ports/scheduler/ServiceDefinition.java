package dev.metacircular.ports.scheduler;

import dev.metacircular.ports.error.DomainException;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A service definition (seed 003's TOML): a name, an optional pinned node, a tier (used when no
 * node is named), an optional version label, and its components (at least one, names unique).
 */
public record ServiceDefinition(
    String name, String node, Tier tier, String version, List<Component> components) {

  public ServiceDefinition {
    Names.requireName(name, "service name");
    node = node == null ? "" : node;
    if (!node.isEmpty()) {
      Names.requireName(node, "node");
    }
    tier = tier == null ? Tier.WORKER : tier;
    version = version == null ? "" : version;
    components = List.copyOf(Objects.requireNonNull(components, "components"));
    if (components.isEmpty()) {
      throw new DomainException.InvalidInput(
          "service " + name + " has no components: add at least one [[components]]");
    }
    Set<String> seen = new HashSet<>();
    for (Component component : components) {
      if (!seen.add(component.name())) {
        throw new DomainException.InvalidInput(
            "service " + name + " has two components named " + component.name());
      }
    }
  }

  /** The container name of one of its components: {@code <service>-<component>}. */
  public String containerName(Component component) {
    return name + "-" + component.name();
  }

  /** The total number of routes, each of which takes a host port. */
  public int routeCount() {
    return components.stream().mapToInt(c -> c.routes().size()).sum();
  }
}
