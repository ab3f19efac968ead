package dev.metacircular.ports.identity.in;

import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.identity.TotpEnrolment;
import java.util.UUID;

/** Inbound port: TOTP second factor (RFC 6238, 30 s steps, 6 digits, SHA-1, one step of skew). */
public interface TotpUseCase {

  /**
   * Starts (or restarts) enrolment for the caller's own account after checking its current
   * password. Login does not require a code until {@link #confirm} succeeds.
   */
  TotpEnrolment enrol(Caller caller, char[] currentPassword);

  /** Confirms the pending enrolment with a code from the authenticator. */
  void confirm(Caller caller, String code);

  /** Removes TOTP from an account: admins for any account, anyone for their own. */
  void remove(Caller caller, UUID accountId);
}
