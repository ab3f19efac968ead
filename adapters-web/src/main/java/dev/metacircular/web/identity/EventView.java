package dev.metacircular.web.identity;

import dev.metacircular.ports.audit.AuditEvent;
import java.util.TreeMap;

/** One audit event as the audit page shows it (events never carry a secret). */
public record EventView(
    long id,
    String time,
    String type,
    String actor,
    String subject,
    String sourceAddress,
    String details) {

  static EventView of(AuditEvent e) {
    StringBuilder details = new StringBuilder();
    new TreeMap<>(e.details())
        .forEach(
            (k, v) -> {
              if (details.length() > 0) {
                details.append(", ");
              }
              details.append(k).append('=').append(v);
            });
    return new EventView(
        e.id(),
        Times.show(e.time()),
        e.type(),
        e.actor(),
        e.subject(),
        e.sourceAddress(),
        details.toString());
  }
}
