package dev.metacircular.domain.telemetry;

import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.seal.KeyRotation;
import dev.metacircular.ports.seal.SealState;
import dev.metacircular.ports.seal.in.SealUseCase;
import dev.metacircular.ports.telemetry.TelemetryEvent;
import dev.metacircular.ports.telemetry.out.Telemetry;
import java.util.Objects;

/**
 * The seal, reporting its state to {@link Telemetry} after every call that may change it (init,
 * unseal, seal), whether the call succeeded or not: the gauge follows the barrier itself, not what
 * was asked of it. Unseal attempts are counted where they are audited ({@link AuditedTelemetry}).
 */
public final class ReportedSeal implements SealUseCase {
  private final SealUseCase seal;
  private final Telemetry telemetry;

  private ReportedSeal(SealUseCase seal, Telemetry telemetry) {
    this.seal = seal;
    this.telemetry = telemetry;
  }

  /**
   * {@code seal} reporting to {@code telemetry}, which learns the state it starts in now; {@code
   * seal} itself when there is nothing to report to.
   */
  public static SealUseCase wrap(SealUseCase seal, Telemetry telemetry) {
    Objects.requireNonNull(seal, "seal");
    Objects.requireNonNull(telemetry, "telemetry");
    if (telemetry == Telemetry.NONE) {
      return seal;
    }
    ReportedSeal reported = new ReportedSeal(seal, telemetry);
    reported.report();
    return reported;
  }

  @Override
  public SealState state() {
    return seal.state();
  }

  @Override
  public void initialize(char[] password) {
    try {
      seal.initialize(password);
    } finally {
      report();
    }
  }

  @Override
  public void unseal(char[] password, String sourceAddress) {
    try {
      seal.unseal(password, sourceAddress);
    } finally {
      report();
    }
  }

  @Override
  public void seal(Caller caller) {
    try {
      seal.seal(caller);
    } finally {
      report();
    }
  }

  @Override
  public void rekey(Caller caller, char[] oldPassword, char[] newPassword) {
    seal.rekey(caller, oldPassword, newPassword);
  }

  @Override
  public KeyRotation rotateMasterKey(Caller caller) {
    return seal.rotateMasterKey(caller);
  }

  @Override
  public KeyRotation keyStatus(Caller caller) {
    return seal.keyStatus(caller);
  }

  private void report() {
    telemetry.record(new TelemetryEvent.SealState(seal.state() != SealState.UNSEALED));
  }
}
