package dev.metacircular.domain.identity.account;

import dev.metacircular.domain.access.Admins;
import dev.metacircular.domain.identity.audit.Auditor;
import dev.metacircular.domain.identity.password.PasswordHashing;
import dev.metacircular.ports.audit.IdentityAuditTypes;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.Account;
import dev.metacircular.ports.identity.AccountStatus;
import dev.metacircular.ports.identity.in.AccountUseCase;
import dev.metacircular.ports.identity.in.CreateAccountCommand;
import dev.metacircular.ports.identity.in.PasswordRules;
import dev.metacircular.ports.identity.in.UpdateAccountCommand;
import dev.metacircular.ports.identity.out.AccountStore;
import dev.metacircular.ports.identity.out.StoredAccount;
import dev.metacircular.ports.identity.out.TokenStore;
import dev.metacircular.ports.storage.out.Transactions;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Accounts and roles, for admins. Every change is audited (never a password) in the same unit of
 * work as the change itself.
 *
 * <p>Token side effects, so that no valid token outlives what it claims: making an account inactive
 * or deleted revokes all its tokens; changing its roles revokes all its tokens too (tokens carry
 * roles, and a stale {@code admin} claim must not survive a demotion). A password change clears the
 * lockout but leaves existing sessions alone.
 */
public final class AccountAdministration implements AccountUseCase {

  private final AccountStore accounts;
  private final TokenStore tokens;
  private final Transactions transactions;
  private final PasswordHashing hashing;
  private final Auditor auditor;
  private final Clock clock;

  public AccountAdministration(
      AccountStore accounts,
      TokenStore tokens,
      Transactions transactions,
      PasswordHashing hashing,
      Auditor auditor,
      Clock clock) {
    this.accounts = Objects.requireNonNull(accounts, "accounts");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.transactions = Objects.requireNonNull(transactions, "transactions");
    this.hashing = Objects.requireNonNull(hashing, "hashing");
    this.auditor = Objects.requireNonNull(auditor, "auditor");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Account create(Caller caller, CreateAccountCommand command) {
    Admins.require(caller);
    Objects.requireNonNull(command, "command");
    if (accounts.findByUsername(command.username()).isPresent()) {
      // Checked before hashing so a duplicate costs nothing; the store checks again.
      throw new DomainException.Conflict("username already exists");
    }
    String hash = command.password() == null ? null : hashing.hash(command.password());
    Instant now = clock.instant();
    StoredAccount account =
        new StoredAccount(
            UUID.randomUUID(),
            command.username(),
            command.type(),
            AccountStatus.ACTIVE,
            command.roles(),
            hash,
            null,
            false,
            0,
            0,
            null,
            now,
            now);
    transactions.run(
        () -> {
          accounts.insert(account);
          auditor.record(
              IdentityAuditTypes.ACCOUNT_CREATED,
              caller,
              account.id().toString(),
              Map.of(
                  "username",
                  account.username(),
                  "account_type",
                  account.type().wireName(),
                  "roles",
                  AccountChanges.roleList(account.roles())));
        });
    return account.toAccount();
  }

  @Override
  public List<Account> list(Caller caller) {
    Admins.require(caller);
    return accounts.list().stream()
        .filter(a -> a.status() != AccountStatus.DELETED)
        .map(StoredAccount::toAccount)
        .toList();
  }

  @Override
  public Account get(Caller caller, UUID id) {
    Admins.require(caller);
    return load(id).toAccount();
  }

  @Override
  public Account getByUsername(Caller caller, String username) {
    Admins.require(caller);
    return accounts
        .findByUsername(username)
        .orElseThrow(AccountAdministration::notFound)
        .toAccount();
  }

  @Override
  public Account update(Caller caller, UUID id, UpdateAccountCommand command) {
    Admins.require(caller);
    Objects.requireNonNull(command, "command");
    StoredAccount current = load(id);
    if (command.password() != null && current.type() == AccountType.SYSTEM) {
      throw new DomainException.InvalidInput("system accounts have no password");
    }
    String hash = command.password() == null ? null : hashing.hash(command.password());
    return transactions.inTransaction(
        () -> {
          Instant now = clock.instant();
          StoredAccount next = load(id);
          AccountStatus status = command.status();
          if (status != null) {
            next = AccountChanges.withStatus(next, status, now);
          }
          if (hash != null) {
            next = AccountChanges.withPassword(next, hash, now);
          }
          accounts.update(next);
          if (status != null) {
            int revoked =
                status == AccountStatus.ACTIVE
                    ? 0
                    : tokens.revokeAllForAccount(id, now, "account " + status.wireName());
            auditor.record(
                status == AccountStatus.DELETED
                    ? IdentityAuditTypes.ACCOUNT_DELETED
                    : IdentityAuditTypes.ACCOUNT_UPDATED,
                caller,
                id.toString(),
                Map.of("status", status.wireName(), "tokens_revoked", Integer.toString(revoked)));
          }
          if (hash != null) {
            // A new password ends every session, as a role change does (DESIGN.md §8).
            int revoked = tokens.revokeAllForAccount(id, now, "password reset");
            auditor.record(
                IdentityAuditTypes.PASSWORD_CHANGED,
                caller,
                id.toString(),
                Map.of("tokens_revoked", Integer.toString(revoked)));
          }
          return next.toAccount();
        });
  }

  @Override
  public void delete(Caller caller, UUID id) {
    Admins.require(caller);
    transactions.run(
        () -> {
          Instant now = clock.instant();
          accounts.update(AccountChanges.withStatus(load(id), AccountStatus.DELETED, now));
          int revoked = tokens.revokeAllForAccount(id, now, "account deleted");
          auditor.record(
              IdentityAuditTypes.ACCOUNT_DELETED,
              caller,
              id.toString(),
              Map.of("tokens_revoked", Integer.toString(revoked)));
        });
  }

  @Override
  public Set<Role> roles(Caller caller, UUID id) {
    Admins.require(caller);
    return load(id).roles();
  }

  @Override
  public Account setRoles(Caller caller, UUID id, Set<Role> roles) {
    Admins.require(caller);
    if (roles == null || roles.stream().anyMatch(Objects::isNull)) {
      throw new DomainException.InvalidInput("roles are required");
    }
    Set<Role> wanted = Set.copyOf(roles);
    return transactions.inTransaction(
        () -> {
          StoredAccount current = load(id);
          if (current.roles().equals(wanted)) {
            return current.toAccount();
          }
          Instant now = clock.instant();
          StoredAccount next = AccountChanges.withRoles(current, wanted, now);
          accounts.update(next);
          int revoked = tokens.revokeAllForAccount(id, now, "roles changed");
          Map<String, String> details = new LinkedHashMap<>();
          details.put("old_roles", AccountChanges.roleList(current.roles()));
          details.put("roles", AccountChanges.roleList(wanted));
          details.put("tokens_revoked", Integer.toString(revoked));
          auditor.record(IdentityAuditTypes.ROLES_CHANGED, caller, id.toString(), details);
          return next.toAccount();
        });
  }

  @Override
  public void setPassword(Caller caller, UUID id, char[] password) {
    Admins.require(caller);
    PasswordRules.requireAcceptable(password);
    if (load(id).type() == AccountType.SYSTEM) {
      throw new DomainException.InvalidInput("system accounts have no password");
    }
    String hash = hashing.hash(password);
    transactions.run(
        () -> {
          Instant now = clock.instant();
          accounts.update(AccountChanges.withPassword(load(id), hash, now));
          int revoked = tokens.revokeAllForAccount(id, now, "password reset");
          auditor.record(
              IdentityAuditTypes.PASSWORD_CHANGED,
              caller,
              id.toString(),
              Map.of("tokens_revoked", Integer.toString(revoked)));
        });
  }

  private StoredAccount load(UUID id) {
    if (id == null) {
      throw notFound();
    }
    return accounts.findById(id).orElseThrow(AccountAdministration::notFound);
  }

  private static DomainException notFound() {
    return new DomainException.NotFound("account not found");
  }
}
