package dev.metacircular.ports.identity.in;

import dev.metacircular.ports.error.DomainException;

/**
 * What a new password must satisfy (NIST 800-63B: length, not composition rules). Checked where a
 * password is set, never at login, so old passwords keep working if the rules change.
 */
public final class PasswordRules {
  public static final int MIN_LENGTH = 12;
  public static final int MAX_LENGTH = LoginCommand.MAX_PASSWORD_LENGTH;

  private PasswordRules() {}

  public static void requireAcceptable(char[] password) {
    if (password == null || password.length == 0) {
      throw new DomainException.InvalidInput("password is required");
    }
    if (password.length < MIN_LENGTH) {
      throw new DomainException.InvalidInput(
          "password must be at least " + MIN_LENGTH + " characters");
    }
    if (password.length > MAX_LENGTH) {
      throw new DomainException.InvalidInput(
          "password is longer than " + MAX_LENGTH + " characters");
    }
  }
}
