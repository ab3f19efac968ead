package dev.metacircular.domain.audit;

import dev.metacircular.ports.audit.AuditEvent;
import dev.metacircular.ports.audit.AuditTypes;
import dev.metacircular.ports.audit.out.AuditLog;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.error.DomainException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Records refused requests in one service's audit log (DESIGN.md §8, "refusals are audited"), as
 * {@link AuditTypes#REQUEST_REFUSED} events: who (the caller's account and address, or only the
 * address when the request carried no valid token), the action, the target and the reason. {@link
 * RefusalAuditing} calls it for every refusal that leaves an inbound port, after the refused unit
 * of work rolled back, so the entry is a unit of work of its own.
 *
 * <p>Refusals without a caller (a missing or invalid token, a bad unseal) cost an attacker nothing,
 * so they are bounded: at most {@link #ANONYMOUS_BURST} at once and one per {@link
 * #ANONYMOUS_REFILL} after that, per service; the ones over the bound are counted, and the next one
 * written says how many were left out ({@code suppressed}). Refusals of an authenticated caller are
 * always written: the caller is named, and that is the point.
 *
 * <p>Writing fails closed: when the entry cannot be written, the failure propagates (the request
 * fails with an internal error rather than the refusal).
 */
public final class RefusalAudit {

  /** Anonymous refusals written back to back before the bound applies. */
  public static final int ANONYMOUS_BURST = 30;

  /** One more anonymous refusal may be written per this much time (10 a minute). */
  public static final Duration ANONYMOUS_REFILL = Duration.ofSeconds(6);

  private final AuditLog log;
  private final Clock clock;
  private final Object budgetLock = new Object();
  // Guarded by budgetLock: a token bucket of anonymous entries, and how many were left out.
  private double tokens = ANONYMOUS_BURST;
  private Instant refilledAt;
  private long suppressed;

  public RefusalAudit(AuditLog log, Clock clock) {
    this.log = Objects.requireNonNull(log, "log");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.refilledAt = clock.instant();
  }

  /**
   * Records that {@code refusal} answered {@code action} on {@code target}.
   *
   * @param caller the authenticated caller, or null when the request carried no valid token
   * @param sourceAddress the client address when there is no caller (a caller carries its own)
   */
  public void refused(
      Caller caller, String sourceAddress, String action, String target, DomainException refusal) {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("action", action);
    details.put("status", Integer.toString(RefusalStatus.of(refusal)));
    details.put("reason", refusal.getMessage());
    if (caller != null) {
      details.put("username", caller.name());
      log.append(
          AuditEvent.of(
              clock.instant(),
              AuditTypes.REQUEST_REFUSED,
              caller.auditActor(),
              target,
              caller.sourceAddress(),
              details));
      return;
    }
    long leftOut;
    synchronized (budgetLock) {
      if (!take()) {
        suppressed++;
        return;
      }
      leftOut = suppressed;
      suppressed = 0;
    }
    if (leftOut > 0) {
      details.put("suppressed", Long.toString(leftOut));
    }
    log.append(
        AuditEvent.of(
            clock.instant(), AuditTypes.REQUEST_REFUSED, "", target, sourceAddress, details));
  }

  /** Takes one token from the anonymous budget; false when it is spent. */
  private boolean take() {
    Instant now = clock.instant();
    if (now.isAfter(refilledAt)) {
      double earned =
          (double) Duration.between(refilledAt, now).toMillis() / ANONYMOUS_REFILL.toMillis();
      tokens = Math.min(ANONYMOUS_BURST, tokens + earned);
      refilledAt = now;
    }
    if (tokens < 1) {
      return false;
    }
    tokens -= 1;
    return true;
  }
}
