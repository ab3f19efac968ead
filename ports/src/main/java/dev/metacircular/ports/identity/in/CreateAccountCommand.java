package dev.metacircular.ports.identity.in;

import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.Usernames;
import java.util.Set;

/**
 * A new account. {@code password} is optional (a human account without one cannot log in until one
 * is set; a system account never has one) and owned by the caller, who wipes it.
 */
public record CreateAccountCommand(
    String username, AccountType type, char[] password, Set<Role> roles) {

  public CreateAccountCommand {
    Usernames.requireValidNew(username);
    if (type == null) {
      throw new DomainException.InvalidInput("account_type is required");
    }
    if (type == AccountType.SYSTEM && password != null) {
      throw new DomainException.InvalidInput("system accounts have no password");
    }
    if (password != null) {
      PasswordRules.requireAcceptable(password);
    }
    roles = roles == null ? Set.of() : Set.copyOf(roles);
  }

  @Override
  public String toString() {
    return "CreateAccountCommand[username=" + username + ", type=" + type + "]";
  }
}
