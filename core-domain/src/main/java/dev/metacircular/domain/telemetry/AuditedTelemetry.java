package dev.metacircular.domain.telemetry;

import dev.metacircular.ports.audit.AuditEvent;
import dev.metacircular.ports.audit.AuditFilter;
import dev.metacircular.ports.audit.ChainedEntry;
import dev.metacircular.ports.audit.CryptoAuditTypes;
import dev.metacircular.ports.audit.IdentityAuditTypes;
import dev.metacircular.ports.audit.out.AuditLog;
import dev.metacircular.ports.scheduler.ControlPlaneAuditTypes;
import dev.metacircular.ports.telemetry.TelemetryEvent;
import dev.metacircular.ports.telemetry.TelemetryEvent.LoginOutcome;
import dev.metacircular.ports.telemetry.out.Telemetry;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The audit log, reporting the security events it records to {@link Telemetry} as well. The audit
 * log is where every core already records sign-ins, lockouts, tokens, unseals and container
 * repairs, so counting them here counts each one exactly where it is recorded, and nowhere else. An
 * event is reported only once its entry is written: an append that fails (audit fails closed)
 * reports nothing. Only the event's type is used, never its actor, subject or details.
 */
public final class AuditedTelemetry implements AuditLog {

  /** What each audit type reports; a type not listed reports nothing. */
  private static final Map<String, List<TelemetryEvent>> REPORTS =
      Map.ofEntries(
          Map.entry(IdentityAuditTypes.LOGIN_SUCCESS, login(LoginOutcome.SUCCESS)),
          Map.entry(IdentityAuditTypes.LOGIN_FAILURE, login(LoginOutcome.FAILURE)),
          Map.entry(IdentityAuditTypes.PASSKEY_LOGIN_FAILURE, login(LoginOutcome.FAILURE)),
          Map.entry(IdentityAuditTypes.LOGIN_DENIED_BY_POLICY, login(LoginOutcome.DENIED)),
          Map.entry(IdentityAuditTypes.LOGIN_RATE_LIMITED, login(LoginOutcome.RATE_LIMITED)),
          Map.entry(IdentityAuditTypes.ACCOUNT_LOCKED, List.of(new TelemetryEvent.Lockout())),
          Map.entry(IdentityAuditTypes.TOKEN_ISSUED, List.of(new TelemetryEvent.TokenIssued())),
          Map.entry(IdentityAuditTypes.TOKEN_RENEWED, List.of(new TelemetryEvent.TokenIssued())),
          Map.entry(IdentityAuditTypes.TOKEN_REVOKED, List.of(new TelemetryEvent.TokenRevoked())),
          Map.entry(
              CryptoAuditTypes.UNSEAL_SUCCESS, List.of(new TelemetryEvent.UnsealAttempt(true))),
          Map.entry(
              CryptoAuditTypes.UNSEAL_FAILURE, List.of(new TelemetryEvent.UnsealAttempt(false))),
          Map.entry(
              ControlPlaneAuditTypes.SERVICE_REPAIRED,
              List.of(new TelemetryEvent.ContainerRepair())),
          Map.entry(
              ControlPlaneAuditTypes.SERVICE_FLAPPING,
              List.of(new TelemetryEvent.ContainerFlap())));

  private final AuditLog log;
  private final Telemetry telemetry;

  private AuditedTelemetry(AuditLog log, Telemetry telemetry) {
    this.log = log;
    this.telemetry = telemetry;
  }

  /** {@code log} itself when there is nothing to report to. */
  public static AuditLog wrap(AuditLog log, Telemetry telemetry) {
    Objects.requireNonNull(log, "log");
    Objects.requireNonNull(telemetry, "telemetry");
    return telemetry == Telemetry.NONE ? log : new AuditedTelemetry(log, telemetry);
  }

  @Override
  public AuditEvent append(AuditEvent event) {
    AuditEvent stored = log.append(event);
    REPORTS.getOrDefault(event.type(), List.of()).forEach(telemetry::record);
    if (event.type().equals(ControlPlaneAuditTypes.NODE_RECOVERED)) {
      // A reconciliation pass repairs every drifted container at once: one repair each.
      for (int i = recoveredSteps(event); i > 0; i--) {
        telemetry.record(new TelemetryEvent.ContainerRepair());
      }
    }
    return stored;
  }

  @Override
  public List<AuditEvent> query(AuditFilter filter) {
    return log.query(filter);
  }

  @Override
  public List<AuditEvent> tail(int n) {
    return log.tail(n);
  }

  @Override
  public void readChain(Consumer<ChainedEntry> sink) {
    log.readChain(sink);
  }

  private static int recoveredSteps(AuditEvent event) {
    try {
      return Integer.parseInt(event.details().getOrDefault("applied", "0"));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static List<TelemetryEvent> login(LoginOutcome outcome) {
    return List.of(new TelemetryEvent.Login(outcome));
  }
}
