package dev.metacircular.domain.identity.audit;

import dev.metacircular.domain.access.Admins;
import dev.metacircular.ports.audit.AuditEvent;
import dev.metacircular.ports.audit.AuditFilter;
import dev.metacircular.ports.audit.in.AuditUseCase;
import dev.metacircular.ports.audit.out.AuditLog;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.error.DomainException;
import java.util.List;
import java.util.Objects;

/** Reading the audit log: admins only, bounded result sizes. */
public final class AuditReading implements AuditUseCase {

  private final AuditLog log;

  public AuditReading(AuditLog log) {
    this.log = Objects.requireNonNull(log, "log");
  }

  @Override
  public List<AuditEvent> query(Caller caller, AuditFilter filter) {
    Admins.require(caller);
    return log.query(filter == null ? AuditFilter.latest(AuditFilter.DEFAULT_LIMIT) : filter);
  }

  @Override
  public List<AuditEvent> tail(Caller caller, int n) {
    Admins.require(caller);
    if (n < 1 || n > AuditFilter.MAX_LIMIT) {
      throw new DomainException.InvalidInput("n must be between 1 and " + AuditFilter.MAX_LIMIT);
    }
    return log.tail(n);
  }
}
