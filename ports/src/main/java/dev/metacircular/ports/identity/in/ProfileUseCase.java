package dev.metacircular.ports.identity.in;

import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.identity.Account;

/**
 * Inbound port: what a signed-in person may see and change of their <em>own</em> account, whatever
 * their roles (the admin-only {@link AccountUseCase} covers every other account).
 */
public interface ProfileUseCase {

  /**
   * The caller's own account. {@code Forbidden} for a caller without an account (an offline tool);
   * {@code Unauthenticated("invalid credentials")} when the account is no longer active.
   */
  Account me(Caller caller);

  /**
   * Changes the caller's own password after checking the current one. A wrong current password
   * counts towards the account's lockout like a failed login and answers {@code
   * Unauthenticated("invalid credentials")}; a locked account answers {@code
   * TooManyRequests("account locked")} without checking it; the new password must satisfy {@link
   * PasswordRules}; system accounts have no password ({@code InvalidInput}). Success is audited as
   * {@code password_changed} and clears any failure count. The caller owns and wipes both arrays.
   */
  void changePassword(Caller caller, char[] currentPassword, char[] newPassword);
}
