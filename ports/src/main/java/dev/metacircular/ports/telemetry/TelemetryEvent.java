package dev.metacircular.ports.telemetry;

import dev.metacircular.ports.storage.StorageProblem;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Something a core reports for operators to count: a domain event, never a request. Every field is
 * a bounded, non-secret value (an outcome from a closed set, or a name the operator configured such
 * as a mount), so an adapter may turn any of them into a metric label: no username, token, key
 * name, path or other caller-supplied text is ever carried.
 */
public sealed interface TelemetryEvent {

  /** How a sign-in ended. */
  enum LoginOutcome {
    SUCCESS,
    /** Wrong password, unknown account, bad second factor, locked account. */
    FAILURE,
    /** The login policy refused an otherwise good sign-in. */
    DENIED,
    /** The source address made too many attempts. */
    RATE_LIMITED
  }

  /** How an operation ended: done, refused (bad input, not allowed), or failed inside. */
  enum Outcome {
    OK,
    REFUSED,
    DENIED,
    FAILED
  }

  /** Which side of the barrier's storage was touched. */
  enum Access {
    READ,
    WRITE
  }

  /** A password, passkey or recovery-code sign-in ended with {@code outcome}. */
  record Login(LoginOutcome outcome) implements TelemetryEvent {
    public Login {
      Objects.requireNonNull(outcome, "outcome");
    }
  }

  /** An account was locked after too many failures. */
  record Lockout() implements TelemetryEvent {}

  /** A token was issued (login, renewal, an admin's service token, SSO). */
  record TokenIssued() implements TelemetryEvent {}

  /** A presented token was checked; {@code valid} says whether it was accepted. */
  record TokenValidated(boolean valid) implements TelemetryEvent {}

  /** A token was revoked (logout, an admin's revocation). */
  record TokenRevoked() implements TelemetryEvent {}

  /** The seal barrier is now sealed ({@code true}) or unsealed. */
  record SealState(boolean sealed) implements TelemetryEvent {}

  /** An unseal attempt ended; {@code success} says whether the barrier opened. */
  record UnsealAttempt(boolean success) implements TelemetryEvent {}

  /** The barrier read or wrote its (untrusted) physical storage once. */
  record BarrierAccess(Access access) implements TelemetryEvent {
    public BarrierAccess {
      Objects.requireNonNull(access, "access");
    }
  }

  /**
   * An engine operation ended.
   *
   * @param mount the mount's name as the operator created it, or {@link #UNKNOWN} when the request
   *     named no existing mount (a caller's text is never reported)
   * @param operation the operation's name from the engine's catalogue, or {@link #UNKNOWN}
   */
  record EngineOperation(String mount, String operation, Outcome outcome)
      implements TelemetryEvent {
    public EngineOperation {
      mount = Names.check("mount", mount);
      operation = Names.check("operation", operation);
      Objects.requireNonNull(outcome, "outcome");
    }
  }

  /**
   * An ACME order changed state.
   *
   * @param status the order's new RFC 8555 status ({@code pending}, {@code ready}, {@code valid},
   *     {@code invalid}...)
   */
  record AcmeOrder(String status) implements TelemetryEvent {
    public AcmeOrder {
      status = Names.check("status", status);
    }
  }

  /**
   * An ACME challenge validation ended.
   *
   * @param challengeType the RFC 8555 challenge type ({@code http-01}, {@code dns-01}...)
   */
  record AcmeValidation(String challengeType, Outcome outcome) implements TelemetryEvent {
    public AcmeValidation {
      challengeType = Names.check("challengeType", challengeType);
      Objects.requireNonNull(outcome, "outcome");
    }
  }

  /** The control plane restarted a container that had stopped (a repair). */
  record ContainerRepair() implements TelemetryEvent {}

  /** The control plane gave up on a container restarting too often (a flap). */
  record ContainerFlap() implements TelemetryEvent {}

  /** A write was refused because the store cannot take it ({@code storage full}, read-only). */
  record StorageRefused(StorageProblem problem) implements TelemetryEvent {
    public StorageRefused {
      Objects.requireNonNull(problem, "problem");
    }
  }

  /** The name used for a mount or an operation a request named but that does not exist. */
  String UNKNOWN = "unknown";

  /** Label values: short names from a catalogue or the operator's configuration. */
  final class Names {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private Names() {}

    static String check(String field, String value) {
      if (value == null || !NAME.matcher(value).matches()) {
        throw new IllegalArgumentException(
            field + " must be a name of 1 to 64 letters, digits, '.', '_' or '-'");
      }
      return value;
    }
  }
}
