package dev.metacircular.ports.audit;

import java.util.List;

/**
 * Outbound port: the append-only audit log. Appends must be durable before the call returns:
 * the core fails a request whose audit entry could not be written ("audit fails closed").
 */
public interface AuditLog {

  /** Stores the event and returns it with its assigned id. */
  AuditEvent append(AuditEvent event);

  /** Events matching the filter, newest first. */
  List<AuditEvent> query(AuditFilter filter);

  /** The last {@code n} events, oldest first (for tailing). */
  List<AuditEvent> tail(int n);
}
