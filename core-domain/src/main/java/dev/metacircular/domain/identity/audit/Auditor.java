package dev.metacircular.domain.identity.audit;

import dev.metacircular.ports.audit.AuditEvent;
import dev.metacircular.ports.audit.out.AuditLog;
import dev.metacircular.ports.auth.Caller;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * Writes audit events stamped with the core's clock. Failures propagate: a request whose entry
 * cannot be written fails ("audit fails closed"), and inside a unit of work rolls back with it.
 * Callers pass only non-secret values; a token is named by its jti, never its value.
 */
public final class Auditor {

  /** The actor of events the core records on its own behalf (first-start seeding). */
  public static final String SYSTEM_ACTOR = "mcias";

  private final AuditLog log;
  private final Clock clock;

  public Auditor(AuditLog log, Clock clock) {
    this.log = Objects.requireNonNull(log, "log");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public void record(
      String type,
      String actor,
      String subject,
      String sourceAddress,
      Map<String, String> details) {
    log.append(AuditEvent.of(clock.instant(), type, actor, subject, sourceAddress, details));
  }

  /** An event caused by an authenticated caller. */
  public void record(String type, Caller caller, String subject, Map<String, String> details) {
    record(type, caller.auditActor(), subject, caller.sourceAddress(), details);
  }
}
