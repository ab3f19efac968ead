package dev.metacircular.ports.scheduler;

import java.time.Instant;
import java.util.Objects;

/**
 * Something that happened to a service, kept in the registry and shown by {@code status}: {@code
 * kind} is one of deployed, started, stopped, restarted, repaired, drift, flapping, recovered,
 * failed, migrated.
 */
public record ServiceEvent(Instant at, String kind, String message) {

  public ServiceEvent {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(kind, "kind");
    message = message == null ? "" : message;
  }
}
