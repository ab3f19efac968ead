package dev.metacircular.apps.mcp;

import dev.metacircular.apps.config.ConfigException;
import dev.metacircular.apps.config.StrictToml;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.scheduler.Component;
import dev.metacircular.ports.scheduler.ImageReference;
import dev.metacircular.ports.scheduler.Route;
import dev.metacircular.ports.scheduler.RouteMode;
import dev.metacircular.ports.scheduler.ServiceDefinition;
import dev.metacircular.ports.scheduler.Tier;
import dev.metacircular.ports.scheduler.VolumeMount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A service definition file (seed 003's TOML): {@code name}, {@code node?}, {@code tier?}, {@code
 * version?}, {@code [[components]]} with {@code name}, {@code image} (a pinned tag), {@code cmd},
 * {@code env}, {@code volumes} and {@code [[components.routes]]} ({@code name?}, {@code port},
 * {@code mode}, {@code hostname?}, {@code health_path?}). Unknown keys are refused; so is
 * everything the port's records refuse, with their reasons.
 */
final class DefinitionFile {

  record File(
      String name, String node, String tier, String version, List<ComponentEntry> components) {}

  record ComponentEntry(
      String name,
      String image,
      List<String> cmd,
      List<String> env,
      List<String> volumes,
      List<RouteEntry> routes) {}

  record RouteEntry(String name, Integer port, String mode, String hostname, String healthPath) {}

  private DefinitionFile() {}

  static ServiceDefinition read(Path path) {
    String text;
    try {
      text = Files.readString(path);
    } catch (IOException e) {
      throw new ConfigException("definition: cannot read " + path + ": " + e.getMessage(), e);
    }
    return parse(text, path);
  }

  static ServiceDefinition parse(String toml, Path source) {
    File f = StrictToml.read(toml, source, File.class, "definition", null, Map.of());
    try {
      if (f.name() == null) {
        throw new DomainException.InvalidInput("name is required");
      }
      if (f.components() == null || f.components().isEmpty()) {
        throw new DomainException.InvalidInput(
            "service " + f.name() + " has no components: add at least one [[components]]");
      }
      List<Component> components = new ArrayList<>();
      for (ComponentEntry c : f.components()) {
        if (c.image() == null) {
          throw new DomainException.InvalidInput("component " + c.name() + ": image is required");
        }
        List<Route> routes = new ArrayList<>();
        for (RouteEntry r : c.routes() == null ? List.<RouteEntry>of() : c.routes()) {
          if (r.port() == null) {
            throw new DomainException.InvalidInput(
                "component " + c.name() + ": a route needs a port");
          }
          routes.add(
              new Route(
                  r.name(),
                  r.port(),
                  r.mode() == null ? RouteMode.L4 : RouteMode.parse(r.mode()),
                  r.hostname(),
                  r.healthPath()));
        }
        components.add(
            new Component(
                c.name(),
                new ImageReference(c.image()),
                c.cmd(),
                c.env(),
                (c.volumes() == null ? List.<String>of() : c.volumes())
                    .stream().map(VolumeMount::parse).toList(),
                routes));
      }
      return new ServiceDefinition(
          f.name(),
          f.node(),
          f.tier() == null ? Tier.WORKER : Tier.parse(f.tier()),
          f.version(),
          components);
    } catch (DomainException.InvalidInput e) {
      throw new ConfigException("definition " + source + ": " + e.getMessage(), e);
    }
  }
}
