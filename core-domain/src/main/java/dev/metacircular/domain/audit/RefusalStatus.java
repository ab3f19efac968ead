package dev.metacircular.domain.audit;

import dev.metacircular.ports.error.DomainException;

/**
 * The number the audit log records as a refusal's {@code status} ({@code request_refused} events):
 * the status code the reference's runbooks name each kind of refusal by, so an auditor reads one
 * vocabulary whichever door (REST, web, gRPC, shell, embedding code) was refused. It is the
 * numbering of the HTTP doors' table ({@code adapters-http} {@code HttpStatuses}), which the core
 * cannot see; architecture-tests keeps the two equal for every kind.
 */
public final class RefusalStatus {

  private RefusalStatus() {}

  /** 400, 401, 403, 404, 409, 412, 429 or 503. */
  public static int of(DomainException refusal) {
    if (refusal instanceof DomainException.InvalidInput) {
      return 400;
    }
    if (refusal instanceof DomainException.Unauthenticated) {
      return 401;
    }
    if (refusal instanceof DomainException.Forbidden) {
      return 403;
    }
    if (refusal instanceof DomainException.NotFound) {
      return 404;
    }
    if (refusal instanceof DomainException.Conflict) {
      return 409;
    }
    if (refusal instanceof DomainException.PreconditionFailed) {
      return 412;
    }
    if (refusal instanceof DomainException.TooManyRequests) {
      return 429;
    }
    if (refusal instanceof DomainException.Unavailable) {
      return 503;
    }
    throw new IllegalArgumentException("no audit status for " + refusal.getClass().getName());
  }
}
