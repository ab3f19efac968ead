package dev.metacircular.ports.identity.in;

import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.identity.RecoveryCodes;

/**
 * Inbound port: single-use recovery codes for an account protected by TOTP or passkeys. A code
 * stands in for the TOTP code at a password sign-in (so a lost authenticator does not lock its
 * owner out); each works once, and using one is audited.
 */
public interface RecoveryCodeUseCase {

  /** How many codes a set holds. */
  int SET_SIZE = 10;

  /**
   * Generates a new set for the caller's own account after checking its current password (a wrong
   * one counts towards the lockout, like a failed login); the previous set stops working. {@code
   * InvalidInput} when the account has neither a confirmed TOTP nor a passkey.
   */
  RecoveryCodes generate(Caller caller, char[] currentPassword);

  /** How many of the caller's own codes are still unused. */
  int remaining(Caller caller);
}
