package dev.metacircular.ports.identity.in;

import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.identity.Account;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Inbound port: accounts and roles. Every call requires an admin caller ({@code Forbidden}
 * otherwise); unknown ids answer {@code NotFound}; a duplicate username {@code Conflict}.
 */
public interface AccountUseCase {

  Account create(Caller caller, CreateAccountCommand command);

  /** Every account that is not deleted, by username. */
  List<Account> list(Caller caller);

  Account get(Caller caller, UUID id);

  /** By username, including deleted accounts (for offline tools). */
  Account getByUsername(Caller caller, String username);

  Account update(Caller caller, UUID id, UpdateAccountCommand command);

  /** Soft delete: status becomes deleted and every token of the account is revoked. */
  void delete(Caller caller, UUID id);

  Set<Role> roles(Caller caller, UUID id);

  /** Replaces the account's roles. */
  Account setRoles(Caller caller, UUID id, Set<Role> roles);

  /** Sets a new password (rules of {@link PasswordRules}) and clears any lockout. */
  void setPassword(Caller caller, UUID id, char[] password);
}
