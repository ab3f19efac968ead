package dev.metacircular.ports.audit;

import java.time.Instant;

/**
 * A query over the audit log. Null fields do not filter. {@code actorOrSubject} matches events
 * whose actor or subject equals it (an account id, typically). Results are newest first, at most
 * {@code limit} of them (1..{@link #MAX_LIMIT}).
 */
public record AuditFilter(String actorOrSubject, String type, Instant since, int limit) {
  public static final int MAX_LIMIT = 10_000;
  public static final int DEFAULT_LIMIT = 100;

  public AuditFilter {
    if (limit <= 0) {
      limit = DEFAULT_LIMIT;
    }
    if (limit > MAX_LIMIT) {
      limit = MAX_LIMIT;
    }
  }

  public static AuditFilter latest(int limit) {
    return new AuditFilter(null, null, null, limit);
  }
}
