package dev.metacircular.ports.audit.in;

import dev.metacircular.ports.audit.AuditEvent;
import dev.metacircular.ports.audit.AuditFilter;
import dev.metacircular.ports.auth.Caller;
import java.util.List;

/** Inbound port: reading the audit log (admin). */
public interface AuditUseCase {

  /** Matching events, newest first. */
  List<AuditEvent> query(Caller caller, AuditFilter filter);

  /** The last {@code n} events, oldest first. */
  List<AuditEvent> tail(Caller caller, int n);
}
