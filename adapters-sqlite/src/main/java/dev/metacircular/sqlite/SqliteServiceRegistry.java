package dev.metacircular.sqlite;

import dev.metacircular.ports.scheduler.AssignedPort;
import dev.metacircular.ports.scheduler.Component;
import dev.metacircular.ports.scheduler.DesiredState;
import dev.metacircular.ports.scheduler.ImageReference;
import dev.metacircular.ports.scheduler.RegisteredService;
import dev.metacircular.ports.scheduler.Route;
import dev.metacircular.ports.scheduler.RouteMode;
import dev.metacircular.ports.scheduler.ServiceDefinition;
import dev.metacircular.ports.scheduler.ServiceEvent;
import dev.metacircular.ports.scheduler.Tier;
import dev.metacircular.ports.scheduler.VolumeMount;
import dev.metacircular.ports.scheduler.out.ServiceRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The control plane's registry in SQLite: a save deletes and rewrites the service's rows in one
 * transaction, so a reader sees the old service or the new one, never half of each.
 */
final class SqliteServiceRegistry implements ServiceRegistry {

  private final SqliteDatabase db;

  SqliteServiceRegistry(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public Optional<RegisteredService> find(String name) {
    return db.inTransaction(h -> load(h, name));
  }

  @Override
  public List<RegisteredService> all() {
    return db.inTransaction(
        h -> {
          List<String> names =
              h.createQuery("SELECT name FROM services ORDER BY name").mapTo(String.class).list();
          List<RegisteredService> result = new ArrayList<>();
          for (String name : names) {
            load(h, name).ifPresent(result::add);
          }
          return result;
        });
  }

  @Override
  public void save(RegisteredService service) {
    db.inTransaction(
        h -> {
          h.createUpdate("DELETE FROM services WHERE name = :name")
              .bind("name", service.name())
              .execute();
          ServiceDefinition d = service.definition();
          h.createUpdate(
                  "INSERT INTO services (name, pinned_node, tier, version, node, desired,"
                      + " flap_reason, updated_at) VALUES (:name, :pinned, :tier, :version, :node,"
                      + " :desired, :flap, :at)")
              .bind("name", d.name())
              .bind("pinned", d.node())
              .bind("tier", d.tier().wireName())
              .bind("version", d.version())
              .bind("node", service.node())
              .bind("desired", service.desired().wireName())
              .bind("flap", service.flapReason())
              .bind("at", Instant.now().toEpochMilli())
              .execute();
          int position = 0;
          for (Component c : d.components()) {
            h.createUpdate(
                    "INSERT INTO components (service, position, name, image, cmd, env, volumes)"
                        + " VALUES (:service, :position, :name, :image, :cmd, :env, :volumes)")
                .bind("service", d.name())
                .bind("position", position++)
                .bind("name", c.name())
                .bind("image", c.image().value())
                .bind("cmd", ListColumn.encode(c.cmd()))
                .bind("env", ListColumn.encode(c.env()))
                .bind(
                    "volumes",
                    ListColumn.encode(c.volumes().stream().map(VolumeMount::text).toList()))
                .execute();
            int routePosition = 0;
            for (Route r : c.routes()) {
              h.createUpdate(
                      "INSERT INTO routes (service, component, position, name, port, mode, hostname,"
                          + " health_path) VALUES (:service, :component, :position, :name, :port,"
                          + " :mode, :host, :health)")
                  .bind("service", d.name())
                  .bind("component", c.name())
                  .bind("position", routePosition++)
                  .bind("name", r.name())
                  .bind("port", r.port())
                  .bind("mode", r.mode().wireName())
                  .bind("host", r.hostname())
                  .bind("health", r.healthPath())
                  .execute();
            }
          }
          for (AssignedPort p : service.ports()) {
            h.createUpdate(
                    "INSERT INTO host_ports (service, component, variable, node, host_port)"
                        + " VALUES (:service, :component, :variable, :node, :port)")
                .bind("service", d.name())
                .bind("component", p.component())
                .bind("variable", p.variable())
                .bind("node", service.node())
                .bind("port", p.hostPort())
                .execute();
          }
          return null;
        });
  }

  @Override
  public void delete(String name) {
    db.inTransaction(
        h -> {
          h.createUpdate("DELETE FROM services WHERE name = :name").bind("name", name).execute();
          h.createUpdate("DELETE FROM service_events WHERE service = :name")
              .bind("name", name)
              .execute();
          return null;
        });
  }

  @Override
  public void appendEvent(String service, ServiceEvent event) {
    db.withHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO service_events (service, at, kind, message)"
                        + " VALUES (:service, :at, :kind, :message)")
                .bind("service", service)
                .bind("at", event.at().toEpochMilli())
                .bind("kind", event.kind())
                .bind("message", event.message())
                .execute());
  }

  @Override
  public List<ServiceEvent> events(String service, int limit) {
    List<ServiceEvent> newestFirst =
        db.withHandle(
            h ->
                h.createQuery(
                        "SELECT at, kind, message FROM service_events WHERE service = :service"
                            + " ORDER BY id DESC LIMIT :limit")
                    .bind("service", service)
                    .bind("limit", Math.max(0, limit))
                    .map(
                        (rs, ctx) ->
                            new ServiceEvent(
                                Instant.ofEpochMilli(rs.getLong("at")),
                                rs.getString("kind"),
                                rs.getString("message")))
                    .list());
    List<ServiceEvent> result = new ArrayList<>(newestFirst);
    java.util.Collections.reverse(result);
    return result;
  }

  private static Optional<RegisteredService> load(Handle h, String name) {
    Optional<Map<String, Object>> row =
        h.createQuery("SELECT * FROM services WHERE name = :name")
            .bind("name", name)
            .mapToMap()
            .findOne();
    if (row.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Object> s = row.get();
    List<Component> components =
        h.createQuery(
                "SELECT name, image, cmd, env, volumes FROM components WHERE service = :service"
                    + " ORDER BY position")
            .bind("service", name)
            .map(
                (rs, ctx) ->
                    new Component(
                        rs.getString("name"),
                        new ImageReference(rs.getString("image")),
                        ListColumn.decode(rs.getString("cmd")),
                        ListColumn.decode(rs.getString("env")),
                        ListColumn.decode(rs.getString("volumes")).stream()
                            .map(VolumeMount::parse)
                            .toList(),
                        routes(h, name, rs.getString("name"))))
            .list();
    List<AssignedPort> ports =
        h.createQuery(
                "SELECT component, variable, host_port FROM host_ports WHERE service = :service"
                    + " ORDER BY component, variable")
            .bind("service", name)
            .map(
                (rs, ctx) ->
                    new AssignedPort(
                        rs.getString("component"),
                        rs.getString("variable"),
                        rs.getInt("host_port")))
            .list();
    ServiceDefinition definition =
        new ServiceDefinition(
            name,
            (String) s.get("pinned_node"),
            Tier.parse((String) s.get("tier")),
            (String) s.get("version"),
            components);
    return Optional.of(
        new RegisteredService(
            definition,
            (String) s.get("node"),
            DesiredState.parse((String) s.get("desired")),
            ports,
            (String) s.get("flap_reason")));
  }

  private static List<Route> routes(Handle h, String service, String component) {
    return h.createQuery(
            "SELECT name, port, mode, hostname, health_path FROM routes WHERE service = :service AND component ="
                + " :component ORDER BY position")
        .bind("service", service)
        .bind("component", component)
        .map(
            (rs, ctx) ->
                new Route(
                    rs.getString("name"),
                    rs.getInt("port"),
                    RouteMode.parse(rs.getString("mode")),
                    rs.getString("hostname"),
                    rs.getString("health_path")))
        .list();
  }
}
