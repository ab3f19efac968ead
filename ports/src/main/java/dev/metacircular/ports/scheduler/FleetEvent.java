package dev.metacircular.ports.scheduler;

import java.time.Instant;
import java.util.Objects;

/**
 * One event of the fleet's history, as the read-only fleet page lists them: the service it belongs
 * to, where it was recorded ({@link #MASTER} for the master's own — deployed, migrated, failed — or
 * the name of the node whose agent recorded it — started, repaired, drift, flapping...) and the
 * event itself.
 */
public record FleetEvent(String service, String source, ServiceEvent event) {

  /** The source of the events the master records itself. */
  public static final String MASTER = "master";

  public FleetEvent {
    Names.requireName(service, "service name");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(event, "event");
  }

  public Instant at() {
    return event.at();
  }

  public String kind() {
    return event.kind();
  }

  public String message() {
    return event.message();
  }
}
