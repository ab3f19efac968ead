package dev.metacircular.ports.identity.in;

import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.AccountStatus;

/**
 * A partial update of an account (PATCH). Null fields are left as they are; at least one must be
 * set. Setting the status to anything but active revokes the account's tokens.
 */
public record UpdateAccountCommand(AccountStatus status, char[] password) {
  public UpdateAccountCommand {
    if (status == null && password == null) {
      throw new DomainException.InvalidInput("nothing to update: give status or password");
    }
    if (password != null) {
      PasswordRules.requireAcceptable(password);
    }
  }

  @Override
  public String toString() {
    return "UpdateAccountCommand[status=" + status + "]";
  }
}
