package dev.metacircular.domain.identity.account;

import dev.metacircular.domain.identity.audit.Auditor;
import dev.metacircular.domain.identity.password.PasswordHashing;
import dev.metacircular.ports.audit.IdentityAuditTypes;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.out.AccountStore;
import dev.metacircular.ports.identity.out.LoginSource;
import dev.metacircular.ports.identity.out.LoginSourceStore;
import dev.metacircular.ports.identity.out.StoredAccount;
import dev.metacircular.ports.storage.out.Transactions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Applies the {@link Lockout} policy to stored accounts and sources, each step in one unit of work
 * that re-reads what it changes, so concurrent attempts count exactly.
 *
 * <p>The life of a credential check: {@link #reserve} before any hashing (refused: answer without
 * hashing; reserved: one failure already counted), then exactly one of {@link #failed} (the slot
 * stays spent, audited), {@link #release} (not a failure after all: TOTP still required, or the
 * policy refused) or {@link #succeeded} (inside the success unit of work).
 */
public final class LoginFailures {

  /** The audit actor for an attempted username that names no account (it may be a password). */
  public static final String UNKNOWN_USERNAME = "(unknown)";

  private final AccountStore accounts;
  private final LoginSourceStore sources;
  private final Transactions transactions;
  private final Auditor auditor;
  private final Lockout lockout;
  private final Clock clock;

  /** The outcome of {@link #reserve}. */
  public sealed interface Attempt {}

  /** Refused without any check: the budget that applies to this source is spent. */
  public record Refused(Lockout.Scope scope, Duration retryAfter) implements Attempt {}

  /** One failure is counted in advance; settle it with failed, release or succeeded. */
  public record Reserved(UUID accountId, String bucket, Lockout.Reserve slot) implements Attempt {}

  public LoginFailures(
      AccountStore accounts,
      LoginSourceStore sources,
      Transactions transactions,
      Auditor auditor,
      Lockout lockout,
      Clock clock) {
    this.accounts = Objects.requireNonNull(accounts, "accounts");
    this.sources = Objects.requireNonNull(sources, "sources");
    this.transactions = Objects.requireNonNull(transactions, "transactions");
    this.auditor = Objects.requireNonNull(auditor, "auditor");
    this.lockout = Objects.requireNonNull(lockout, "lockout");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public Lockout lockout() {
    return lockout;
  }

  /**
   * The source's key in the store: an address that may become known, or null when it cannot
   * (embedded callers give none; an over-long value is not an address).
   */
  static String sourceKey(String sourceAddress) {
    if (sourceAddress == null
        || sourceAddress.isBlank()
        || sourceAddress.length() > LoginSource.MAX_SOURCE_LENGTH
        || sourceAddress.equals(LoginSource.UNKNOWN_SOURCES)) {
      return null;
    }
    return sourceAddress;
  }

  /** Decides, and when allowed counts, one attempt on the account from {@code sourceAddress}. */
  public Attempt reserve(UUID accountId, String sourceAddress) {
    String key = sourceKey(sourceAddress);
    return transactions.inTransaction(
        () -> {
          StoredAccount account =
              accounts
                  .findById(accountId)
                  .orElseThrow(() -> new DomainException.Unauthenticated("invalid credentials"));
          Instant now = clock.instant();
          LoginSource row = key == null ? null : sources.find(accountId, key).orElse(null);
          boolean known = lockout.isKnown(row, now);
          String bucketName = known ? key : LoginSource.UNKNOWN_SOURCES;
          LoginSource bucket =
              known
                  ? row
                  : sources
                      .find(accountId, bucketName)
                      .orElse(LoginSource.fresh(accountId, bucketName));
          Lockout.Decision decision = lockout.reserve(account, bucket, known, now);
          if (decision instanceof Lockout.Refuse refuse) {
            return new Refused(refuse.scope(), refuse.retryAfter());
          }
          Lockout.Reserve slot = (Lockout.Reserve) decision;
          accounts.update(slot.account());
          sources.put(slot.bucket());
          return new Reserved(accountId, bucketName, slot);
        });
  }

  /**
   * The reserved attempt failed: its slot stays spent. Audits {@code type} with the reason and,
   * when this failure spent the budget, {@code account_locked}. {@code totpStepSpent} (0 for none)
   * marks a valid TOTP code as used, so a code seen once cannot be tried again with another
   * password.
   */
  public void failed(
      Reserved attempt,
      String type,
      String reason,
      String sourceAddress,
      Map<String, String> extraDetails,
      long totpStepSpent) {
    transactions.run(
        () -> {
          StoredAccount current = accounts.findById(attempt.accountId()).orElse(null);
          if (current == null) {
            return;
          }
          if (totpStepSpent > 0) {
            current = AccountChanges.withTotpStepUsed(current, totpStepSpent);
            accounts.update(current);
          }
          Map<String, String> details = new LinkedHashMap<>(extraDetails);
          details.put("reason", reason);
          details.put("failed_logins", Integer.toString(current.failedLogins()));
          String id = current.id().toString();
          auditor.record(type, current.username(), id, sourceAddress, details);
          Lockout.Reserve slot = attempt.slot();
          if (slot.lockedNow()) {
            auditor.record(
                IdentityAuditTypes.ACCOUNT_LOCKED,
                current.username(),
                id,
                sourceAddress,
                Map.of(
                    "locked_until",
                    slot.lockedUntil().toString(),
                    "scope",
                    (slot.known() ? Lockout.Scope.KNOWN_SOURCE : Lockout.Scope.UNKNOWN_SOURCES)
                        .wireName(),
                    "failed_logins",
                    Integer.toString(current.failedLogins())));
          }
        });
  }

  /** The reserved attempt was not a failure after all (nor a success): give the slot back. */
  public void release(Reserved attempt) {
    transactions.run(
        () -> {
          StoredAccount current = accounts.findById(attempt.accountId()).orElse(null);
          if (current == null) {
            return;
          }
          LoginSource bucket =
              sources
                  .find(attempt.accountId(), attempt.bucket())
                  .orElse(LoginSource.fresh(attempt.accountId(), attempt.bucket()));
          Lockout.Released released =
              lockout.release(current, bucket, attempt.slot(), clock.instant());
          accounts.update(released.account());
          sources.put(released.bucket());
        });
  }

  /**
   * Inside the success unit of work: the account as it should be stored after a successful sign-in
   * from {@code sourceAddress} ({@code loggedIn} with the consecutive failures cleared), the
   * reserved slot (null for none) given back, and the source remembered as known. A success never
   * lifts the lock of unknown sources unless its own slot had set it: the attacker elsewhere gets
   * no fresh budget because the owner signed in.
   */
  public StoredAccount succeeded(
      StoredAccount before, StoredAccount loggedIn, Reserved attempt, String sourceAddress) {
    Instant now = clock.instant();
    Instant unknownLock = before.lockedUntil();
    if (attempt != null) {
      LoginSource bucket =
          sources
              .find(attempt.accountId(), attempt.bucket())
              .orElse(LoginSource.fresh(attempt.accountId(), attempt.bucket()));
      Lockout.Released released = lockout.release(before, bucket, attempt.slot(), now);
      unknownLock = released.account().lockedUntil();
      sources.put(released.bucket());
    }
    if (unknownLock != null && !now.isBefore(unknownLock)) {
      unknownLock = null;
    }
    String key = sourceKey(sourceAddress);
    if (key != null) {
      sources.put(new LoginSource(before.id(), key, now, null, 0, null));
      sources.forgetStale(before.id(), now.minus(lockout.knownSourceWindow()));
    }
    return AccountChanges.withFailures(loggedIn, 0, unknownLock);
  }

  /** Audits an attempt refused by {@link #reserve}, without hashing anything. */
  public void refused(
      StoredAccount account,
      Refused refused,
      String sourceAddress,
      Map<String, String> extraDetails) {
    Map<String, String> details = new LinkedHashMap<>(extraDetails);
    details.put("reason", "account_locked");
    details.put("scope", refused.scope().wireName());
    auditor.record(
        IdentityAuditTypes.LOGIN_FAILURE,
        account.username(),
        account.id().toString(),
        sourceAddress,
        details);
  }

  /**
   * A failure outside any budget (a wrong TOTP code or password while the password alone is locked
   * out, a replayed code): counted towards the consecutive failures and audited.
   */
  public void record(
      UUID accountId,
      String type,
      String reason,
      String sourceAddress,
      Map<String, String> extraDetails,
      long totpStepSpent) {
    transactions.run(
        () -> {
          StoredAccount current = accounts.findById(accountId).orElse(null);
          if (current == null) {
            return;
          }
          StoredAccount after = lockout.afterUnbudgetedFailure(current);
          if (totpStepSpent > 0) {
            after = AccountChanges.withTotpStepUsed(after, totpStepSpent);
          }
          accounts.update(after);
          Map<String, String> details = new LinkedHashMap<>(extraDetails);
          details.put("reason", reason);
          details.put("failed_logins", Integer.toString(after.failedLogins()));
          auditor.record(type, current.username(), accountId.toString(), sourceAddress, details);
        });
  }

  /**
   * The password check of a signed-in account that proves itself again (password change, TOTP
   * enrolment), under the same budgets as a login from {@code sourceAddress}: refused without
   * hashing while locked; a wrong password spends a slot and is audited with {@code context}.
   */
  public void requirePassword(
      StoredAccount account,
      char[] password,
      PasswordHashing hashing,
      String context,
      String sourceAddress) {
    Attempt attempt = reserve(account.id(), sourceAddress);
    if (attempt instanceof Refused refused) {
      refused(account, refused, sourceAddress, Map.of("context", context));
      throw new DomainException.TooManyRequests("account locked", refused.retryAfter());
    }
    Reserved slot = (Reserved) attempt;
    boolean spent = false;
    try {
      if (!hashing.verify(password, account.passwordHash())) {
        spent = true;
        failed(
            slot,
            IdentityAuditTypes.LOGIN_FAILURE,
            "bad_password",
            sourceAddress,
            Map.of("context", context),
            0);
        throw new DomainException.Unauthenticated("invalid credentials");
      }
    } finally {
      if (!spent) {
        release(slot);
      }
    }
  }
}
