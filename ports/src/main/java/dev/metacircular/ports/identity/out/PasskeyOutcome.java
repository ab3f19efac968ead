package dev.metacircular.ports.identity.out;

import java.util.Locale;
import java.util.Objects;

/**
 * How a {@link PasskeyVerifier} judged a browser's answer: verified, malformed (not a WebAuthn
 * answer at all: a 400), or refused for a reason the core records in the audit log (a 401, the same
 * "passkey not accepted" for every reason).
 */
public sealed interface PasskeyOutcome<T> {

  /** The answer verified; {@code value} is what it proved. */
  record Verified<T>(T value) implements PasskeyOutcome<T> {
    public Verified {
      Objects.requireNonNull(value, "value");
    }
  }

  /** The answer could not be read as a WebAuthn credential. */
  record Malformed<T>() implements PasskeyOutcome<T> {}

  /** The answer was read and failed a check. */
  record Refused<T>(Reason reason) implements PasskeyOutcome<T> {
    public Refused {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** Why an answer was refused, in words safe to log (never the library's message). */
  enum Reason {
    WRONG_ORIGIN,
    WRONG_CHALLENGE,
    BAD_SIGNATURE,
    SIGNATURE_COUNTER_NOT_INCREASED,
    ASSERTION_FAILED,
    VERIFICATION_FAILED;

    /** The audit log's name for it: {@code wrong_origin}, ... */
    public String auditName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
