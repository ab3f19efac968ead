package dev.metacircular.ports.scheduler;

import dev.metacircular.ports.error.DomainException;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One container of a service: its name, pinned image, command, extra environment ({@code
 * KEY=VALUE}), bind mounts and declared routes. A component has at most one unnamed route, and when
 * it has several routes every one is named, so each gets its own variable.
 */
public record Component(
    String name,
    ImageReference image,
    List<String> cmd,
    List<String> env,
    List<VolumeMount> volumes,
    List<Route> routes) {

  private static final Pattern ENV = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*=[^\r\n\u0000]*");

  public Component {
    Names.requireName(name, "component name");
    Objects.requireNonNull(image, "image");
    cmd = List.copyOf(cmd == null ? List.of() : cmd);
    env = List.copyOf(env == null ? List.of() : env);
    volumes = List.copyOf(volumes == null ? List.of() : volumes);
    routes = List.copyOf(routes == null ? List.of() : routes);
    for (String entry : env) {
      if (!ENV.matcher(entry).matches()) {
        throw new DomainException.InvalidInput(
            "component " + name + ": env entries are KEY=VALUE, not \"" + entry + "\"");
      }
      String key = entry.substring(0, entry.indexOf('='));
      if (key.equals("PORT") || key.startsWith("PORT_")) {
        throw new DomainException.InvalidInput(
            "component " + name + ": " + key + " is set by the agent from the routes");
      }
    }
    Set<String> seen = new HashSet<>();
    for (Route route : routes) {
      if (routes.size() > 1 && route.name().isEmpty()) {
        throw new DomainException.InvalidInput(
            "component " + name + ": with several routes every route needs a name");
      }
      if (!seen.add(route.portVariable())) {
        throw new DomainException.InvalidInput(
            "component " + name + ": two routes named \"" + route.name() + "\"");
      }
    }
  }
}
