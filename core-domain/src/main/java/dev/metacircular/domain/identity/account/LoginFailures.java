package dev.metacircular.domain.identity.account;

import dev.metacircular.domain.identity.audit.Auditor;
import dev.metacircular.domain.identity.password.PasswordHashing;
import dev.metacircular.ports.audit.AuditTypes;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.out.AccountStore;
import dev.metacircular.ports.identity.out.StoredAccount;
import dev.metacircular.ports.storage.Transactions;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Counts a failed credential check against an account: the counter (re-read inside the unit of
 * work, so concurrent failures all count), the lock when the threshold is reached, and the audit
 * entries, all in one unit of work.
 */
public final class LoginFailures {

  private final AccountStore accounts;
  private final Transactions transactions;
  private final Auditor auditor;
  private final Lockout lockout;
  private final Clock clock;

  public LoginFailures(
      AccountStore accounts, Transactions transactions, Auditor auditor, Lockout lockout,
      Clock clock) {
    this.accounts = Objects.requireNonNull(accounts, "accounts");
    this.transactions = Objects.requireNonNull(transactions, "transactions");
    this.auditor = Objects.requireNonNull(auditor, "auditor");
    this.lockout = Objects.requireNonNull(lockout, "lockout");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public Lockout lockout() {
    return lockout;
  }

  /**
   * The password check of a signed-in account that proves itself again (password change, TOTP
   * enrolment): a locked account is refused without checking the password, in the same time; a
   * wrong password counts towards the lockout like a failed login, audited with
   * {@code context}.
   */
  public void requirePassword(
      StoredAccount account, char[] password, PasswordHashing hashing, String context,
      String sourceAddress) {
    Instant now = clock.instant();
    if (lockout.isLocked(account, now)) {
      hashing.dummyVerify(password);
      throw new DomainException.TooManyRequests("account locked", lockout.remaining(account, now));
    }
    if (!hashing.verify(password, account.passwordHash())) {
      record(account.id(), AuditTypes.LOGIN_FAILURE, "bad_password", sourceAddress,
          Map.of("context", context));
      throw new DomainException.Unauthenticated("invalid credentials");
    }
  }

  /**
   * Records one failure of the account's credentials.
   *
   * @param type the audit type ({@code login_failure}, or {@code totp_replay})
   * @param reason why, for the audit details (never the credential itself)
   */
  public void record(
      UUID accountId, String type, String reason, String sourceAddress,
      Map<String, String> extraDetails) {
    transactions.run(
        () -> {
          StoredAccount current = accounts.findById(accountId).orElse(null);
          if (current == null) {
            return;
          }
          Instant now = clock.instant();
          Lockout.Failure failure = lockout.afterFailure(current, now);
          accounts.update(failure.account());
          Map<String, String> details = new LinkedHashMap<>(extraDetails);
          details.put("reason", reason);
          details.put("failed_logins", Integer.toString(failure.account().failedLogins()));
          auditor.record(type, current.username(), accountId.toString(), sourceAddress, details);
          if (failure.lockedNow()) {
            auditor.record(AuditTypes.ACCOUNT_LOCKED, current.username(), accountId.toString(),
                sourceAddress,
                Map.of("locked_until", failure.account().lockedUntil().toString(),
                    "failed_logins", Integer.toString(failure.account().failedLogins())));
          }
        });
  }
}
