package dev.metacircular.domain.identity.account;

import dev.metacircular.domain.identity.audit.Auditor;
import dev.metacircular.domain.identity.password.PasswordHashing;
import dev.metacircular.ports.audit.IdentityAuditTypes;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.Account;
import dev.metacircular.ports.identity.AccountStatus;
import dev.metacircular.ports.identity.in.PasswordRules;
import dev.metacircular.ports.identity.in.ProfileUseCase;
import dev.metacircular.ports.identity.out.AccountStore;
import dev.metacircular.ports.identity.out.StoredAccount;
import dev.metacircular.ports.identity.out.TokenStore;
import dev.metacircular.ports.storage.out.Transactions;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A person's view of and changes to their own account. Checking the current password follows TOTP
 * enrolment's rules: a locked account is refused without looking at the password (after a dummy
 * hash, in the same time), and a wrong one counts towards the lockout like a failed login.
 *
 * <p>A password change ends every other session of the account: its other tokens are revoked in the
 * same unit of work. The token that made the change keeps working, so the person who just proved
 * the old password is not signed out of the page they did it from.
 */
public final class OwnAccount implements ProfileUseCase {

  private final AccountStore accounts;
  private final TokenStore tokens;
  private final Transactions transactions;
  private final PasswordHashing hashing;
  private final LoginFailures failures;
  private final Auditor auditor;
  private final Clock clock;

  public OwnAccount(
      AccountStore accounts,
      TokenStore tokens,
      Transactions transactions,
      PasswordHashing hashing,
      LoginFailures failures,
      Auditor auditor,
      Clock clock) {
    this.accounts = Objects.requireNonNull(accounts, "accounts");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.transactions = Objects.requireNonNull(transactions, "transactions");
    this.hashing = Objects.requireNonNull(hashing, "hashing");
    this.failures = Objects.requireNonNull(failures, "failures");
    this.auditor = Objects.requireNonNull(auditor, "auditor");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Account me(Caller caller) {
    return own(caller).toAccount();
  }

  @Override
  public void changePassword(Caller caller, char[] currentPassword, char[] newPassword) {
    StoredAccount account = own(caller);
    if (account.type() != AccountType.HUMAN) {
      throw new DomainException.InvalidInput("system accounts have no password");
    }
    if (currentPassword == null || currentPassword.length == 0) {
      throw new DomainException.InvalidInput("current password is required");
    }
    PasswordRules.requireAcceptable(newPassword);
    failures.requirePassword(
        account, currentPassword, hashing, "password_change", caller.sourceAddress());
    String hash = hashing.hash(newPassword);
    transactions.run(
        () -> {
          StoredAccount fresh =
              accounts
                  .findById(account.id())
                  .orElseThrow(() -> new DomainException.NotFound("account not found"));
          Instant now = clock.instant();
          accounts.update(AccountChanges.withPassword(fresh, hash, now));
          int revoked =
              tokens.revokeAllForAccountExcept(account.id(), caller.jti(), now, "password changed");
          auditor.record(
              IdentityAuditTypes.PASSWORD_CHANGED,
              caller,
              account.id().toString(),
              Map.of("self", "true", "tokens_revoked", Integer.toString(revoked)));
        });
  }

  private StoredAccount own(Caller caller) {
    if (caller == null || caller.accountId() == null) {
      throw new DomainException.Forbidden("a profile belongs to an account");
    }
    StoredAccount account =
        accounts
            .findById(caller.accountId())
            .orElseThrow(() -> new DomainException.Unauthenticated("invalid credentials"));
    if (account.status() != AccountStatus.ACTIVE) {
      throw new DomainException.Unauthenticated("invalid credentials");
    }
    return account;
  }
}
