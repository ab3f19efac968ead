package dev.metacircular.ports.audit;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of the audit log. Never carries a secret: no password, token, key or plaintext may
 * appear in any field (a token is named by its {@code jti}, never by its value).
 *
 * @param id assigned by the log on append; 0 before that
 * @param type one of {@link IdentityAuditTypes} (or a service's own type)
 * @param actor who did it: an account id, a username, or a tool name such as {@code mciasdb}
 * @param subject what it was done to: an account id, a jti, a rule id; empty when none
 * @param sourceAddress the client address, or empty for offline tools
 * @param details small, non-secret key/value context
 */
public record AuditEvent(
    long id,
    Instant time,
    String type,
    String actor,
    String subject,
    String sourceAddress,
    Map<String, String> details) {

  public AuditEvent {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(type, "type");
    actor = actor == null ? "" : actor;
    subject = subject == null ? "" : subject;
    sourceAddress = sourceAddress == null ? "" : sourceAddress;
    details = details == null ? Map.of() : Map.copyOf(details);
  }

  /** A new event, not yet appended. */
  public static AuditEvent of(
      Instant time,
      String type,
      String actor,
      String subject,
      String sourceAddress,
      Map<String, String> details) {
    return new AuditEvent(0, time, type, actor, subject, sourceAddress, details);
  }

  public AuditEvent withId(long newId) {
    return new AuditEvent(newId, time, type, actor, subject, sourceAddress, details);
  }
}
