package dev.metacircular.domain.identity.login;

import dev.metacircular.domain.identity.account.AccountChanges;
import dev.metacircular.domain.identity.account.LoginFailures;
import dev.metacircular.domain.identity.audit.Auditor;
import dev.metacircular.domain.identity.password.PasswordHashing;
import dev.metacircular.domain.identity.policy.LoginPolicy;
import dev.metacircular.domain.identity.recovery.RecoveryCodeBook;
import dev.metacircular.domain.identity.token.TokenMint;
import dev.metacircular.domain.identity.totp.TotpSecrets;
import dev.metacircular.ports.audit.IdentityAuditTypes;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.AccountStatus;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.TokenRecord;
import dev.metacircular.ports.identity.in.LoginCommand;
import dev.metacircular.ports.identity.in.LoginUseCase;
import dev.metacircular.ports.identity.out.AccountStore;
import dev.metacircular.ports.identity.out.StoredAccount;
import dev.metacircular.ports.identity.out.TokenStore;
import dev.metacircular.ports.policy.Explanation;
import dev.metacircular.ports.storage.out.Transactions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Password (and TOTP) login, in this order:
 *
 * <ol>
 *   <li>the per-address rate limit, before any hashing;
 *   <li>unknown, inactive, system or password-less account: a dummy hash, then "invalid
 *       credentials", exactly as for a wrong password (the audit names the attempted username only
 *       when such an account exists: a password typed into the username field must not land in the
 *       log);
 *   <li>the lockout ({@link LoginFailures}): a failure slot is reserved before anything is hashed,
 *       so concurrent attempts never check more passwords than the budget. When the budget for this
 *       source is spent the attempt is refused without hashing ("account locked"), unless the
 *       account has TOTP: then a correct, fresh code is checked first and only then the password,
 *       so a locked-out attacker without the code causes no hash;
 *   <li>the TOTP code when TOTP is confirmed and a code is given (before the password: a wrong code
 *       costs no hash), then the password (a failure spends the slot); TOTP confirmed but no code:
 *       "totp required", not a failure. Instead of the code, one of the account's recovery codes:
 *       checked after the password (it costs a hash), a wrong one spends the slot, a right one is
 *       spent at once, in its own unit of work, so it never works twice even if the login is then
 *       refused. While the budget is spent a recovery code is refused like a password alone (it
 *       would cost a hash per guess);
 *   <li>the login policy, no admin bypass;
 *   <li>success: counters cleared, the source remembered as known, token record stored, login and
 *       issuance audited, all in one unit of work. If any of it fails (the audit log included) no
 *       token is returned.
 * </ol>
 */
public final class PasswordLogin implements LoginUseCase {

  private static final String INVALID = "invalid credentials";

  private final AccountStore accounts;
  private final TokenStore tokens;
  private final Transactions transactions;
  private final PasswordHashing hashing;
  private final TotpSecrets totp;
  private final LoginPolicy policy;
  private final TokenMint mint;
  private final LoginFailures failures;
  private final Auditor auditor;
  private final Clock clock;
  private final Duration tokenTtl;
  private final LoginRateLimiter limiter;
  private final RecoveryCodeBook recoveryCodes;

  /** The wiring a login needs, gathered so the constructor stays readable. */
  public record Dependencies(
      AccountStore accounts,
      TokenStore tokens,
      Transactions transactions,
      PasswordHashing hashing,
      TotpSecrets totp,
      LoginPolicy policy,
      TokenMint mint,
      LoginFailures failures,
      Auditor auditor,
      Clock clock,
      RecoveryCodeBook recoveryCodes) {}

  public PasswordLogin(Dependencies deps, Duration tokenTtl, double ratePerSecond, int burst) {
    this.accounts = Objects.requireNonNull(deps.accounts(), "accounts");
    this.tokens = Objects.requireNonNull(deps.tokens(), "tokens");
    this.transactions = Objects.requireNonNull(deps.transactions(), "transactions");
    this.hashing = Objects.requireNonNull(deps.hashing(), "hashing");
    this.totp = Objects.requireNonNull(deps.totp(), "totp");
    this.policy = Objects.requireNonNull(deps.policy(), "policy");
    this.mint = Objects.requireNonNull(deps.mint(), "mint");
    this.failures = Objects.requireNonNull(deps.failures(), "failures");
    this.auditor = Objects.requireNonNull(deps.auditor(), "auditor");
    this.clock = Objects.requireNonNull(deps.clock(), "clock");
    this.recoveryCodes = Objects.requireNonNull(deps.recoveryCodes(), "recoveryCodes");
    this.tokenTtl = Objects.requireNonNull(tokenTtl, "tokenTtl");
    this.limiter =
        new LoginRateLimiter(ratePerSecond, burst, LoginRateLimiter.DEFAULT_MAX_ADDRESSES);
  }

  @Override
  public IssuedToken login(LoginCommand command) {
    Objects.requireNonNull(command, "command");
    String source = command.sourceAddress();
    Instant now = clock.instant();
    admit(command, now);

    Optional<StoredAccount> found = accounts.findByUsername(command.username());
    if (found.isEmpty() || !mayUsePassword(found.get())) {
      hashing.dummyVerify(command.password());
      auditor.record(
          IdentityAuditTypes.LOGIN_FAILURE,
          found.isPresent() ? command.username() : LoginFailures.UNKNOWN_USERNAME,
          found.map(a -> a.id().toString()).orElse(""),
          source,
          Map.of("reason", found.isEmpty() ? "unknown_user" : "account_cannot_log_in"));
      throw new DomainException.Unauthenticated(INVALID);
    }
    StoredAccount account = found.get();
    LoginFailures.Attempt attempt = failures.reserve(account.id(), source);
    if (attempt instanceof LoginFailures.Refused refused) {
      long step = whileLocked(account, command, refused, now);
      return finish(account, command, null, step);
    }
    LoginFailures.Reserved slot = (LoginFailures.Reserved) attempt;
    boolean settled = false;
    try {
      long totpStep = 0;
      if (account.totpConfirmed() && command.totpCode() != null) {
        // The cheap factor first: a wrong code costs no hash.
        OptionalLong step = totp.verify(account, command.totpCode(), now);
        if (step.isEmpty()) {
          settled = true;
          failures.failed(
              slot, IdentityAuditTypes.LOGIN_FAILURE, "bad_totp_code", source, Map.of(), 0);
          throw new DomainException.Unauthenticated(INVALID);
        }
        if (step.getAsLong() <= account.totpLastStep()) {
          settled = true;
          failures.failed(
              slot,
              IdentityAuditTypes.TOTP_REPLAY,
              "totp_code_reused",
              source,
              Map.of("step", Long.toString(step.getAsLong())),
              0);
          throw new DomainException.Unauthenticated(INVALID);
        }
        totpStep = step.getAsLong();
      }
      if (!hashing.verify(command.password(), account.passwordHash())) {
        settled = true;
        failures.failed(
            slot, IdentityAuditTypes.LOGIN_FAILURE, "bad_password", source, Map.of(), totpStep);
        throw new DomainException.Unauthenticated(INVALID);
      }
      if (account.totpConfirmed() && command.totpCode() == null) {
        if (command.recoveryCode() == null) {
          // The right password and no code yet: not a failure (the slot goes back below).
          throw new DomainException.Unauthenticated("totp required");
        }
        if (!spendRecoveryCode(account, command)) {
          settled = true;
          failures.failed(
              slot, IdentityAuditTypes.LOGIN_FAILURE, "bad_recovery_code", source, Map.of(), 0);
          throw new DomainException.Unauthenticated(INVALID);
        }
      }
      IssuedToken issued = finish(account, command, slot, totpStep);
      settled = true;
      return issued;
    } finally {
      if (!settled) {
        failures.release(slot);
      }
    }
  }

  /**
   * The budget for this source is spent. Without TOTP: refused without hashing. With TOTP: the code
   * first (cheap), and only a correct, fresh one lets the password be checked. Returns the code's
   * step when both are right; throws otherwise.
   */
  private long whileLocked(
      StoredAccount account, LoginCommand command, LoginFailures.Refused refused, Instant now) {
    String source = command.sourceAddress();
    if (!account.totpConfirmed()) {
      failures.refused(account, refused, source, Map.of());
      throw new DomainException.TooManyRequests("account locked", refused.retryAfter());
    }
    if (command.totpCode() == null && command.recoveryCode() != null) {
      // A recovery code costs a hash to check: while locked it is refused like a password alone.
      failures.refused(account, refused, source, Map.of("recovery_code", "refused"));
      throw new DomainException.TooManyRequests("account locked", refused.retryAfter());
    }
    if (command.totpCode() == null) {
      failures.refused(account, refused, source, Map.of("totp", "required"));
      throw new DomainException.Unauthenticated("totp required");
    }
    OptionalLong step = totp.verify(account, command.totpCode(), now);
    Map<String, String> locked = Map.of("locked", refused.scope().wireName());
    if (step.isEmpty()) {
      failures.record(
          account.id(), IdentityAuditTypes.LOGIN_FAILURE, "bad_totp_code", source, locked, 0);
      throw new DomainException.Unauthenticated(INVALID);
    }
    if (step.getAsLong() <= account.totpLastStep()) {
      failures.record(
          account.id(),
          IdentityAuditTypes.TOTP_REPLAY,
          "totp_code_reused",
          source,
          Map.of("step", Long.toString(step.getAsLong()), "locked", refused.scope().wireName()),
          0);
      throw new DomainException.Unauthenticated(INVALID);
    }
    if (!hashing.verify(command.password(), account.passwordHash())) {
      failures.record(
          account.id(),
          IdentityAuditTypes.LOGIN_FAILURE,
          "bad_password",
          source,
          locked,
          step.getAsLong());
      throw new DomainException.Unauthenticated(INVALID);
    }
    return step.getAsLong();
  }

  /** Both factors are right: the policy, then the success unit of work. */
  private IssuedToken finish(
      StoredAccount account, LoginCommand command, LoginFailures.Reserved slot, long totpStep) {
    String upgradedHash =
        hashing.needsRehash(account.passwordHash()) ? hashing.hash(command.password()) : null;

    // The policy judges the audience the token is minted for (the identity service's own name
    // when no service_name was given), tags included: no audience is never a wildcard.
    String audience = mint.audienceFor(command.serviceName());
    Explanation decision = policy.evaluate(account.toAccount(), audience, command.tags());
    if (!decision.allowed()) {
      refuseByPolicy(account, command, decision, totpStep);
    }
    TokenMint.Minted minted =
        mint.mint(account.toAccount(), TokenRecord.Kind.LOGIN, tokenTtl, audience, command.tags());
    Optional<IssuedToken> issued =
        transactions.inTransaction(
            () -> complete(account, command, minted, totpStep, upgradedHash, slot));
    return issued.orElseThrow(() -> new DomainException.Unauthenticated(INVALID));
  }

  private void admit(LoginCommand command, Instant now) {
    LoginRateLimiter.Admission admission = limiter.admit(command.sourceAddress(), now);
    if (admission.admitted()) {
      return;
    }
    if (admission.firstRefusal()) {
      // Only a username that names an account is recorded (it might be a mistyped password).
      String actor =
          accounts.findByUsername(command.username()).isPresent()
              ? command.username()
              : LoginFailures.UNKNOWN_USERNAME;
      auditor.record(
          IdentityAuditTypes.LOGIN_RATE_LIMITED, actor, "", command.sourceAddress(), Map.of());
    }
    throw new DomainException.TooManyRequests("too many login attempts", admission.retryAfter());
  }

  private static boolean mayUsePassword(StoredAccount a) {
    return a.status() == AccountStatus.ACTIVE
        && a.type() == AccountType.HUMAN
        && a.passwordHash() != null;
  }

  /** Spends the presented recovery code if it is one of the account's unused ones. */
  private boolean spendRecoveryCode(StoredAccount account, LoginCommand command) {
    Optional<String> codeId = recoveryCodes.check(account, command.recoveryCode());
    return codeId.isPresent()
        && transactions.inTransaction(
            () ->
                recoveryCodes.spend(
                    account.id(), account.username(), codeId.get(), command.sourceAddress()));
  }

  /** Counts and audits a reused code; returns the exception to throw. */
  private DomainException refuseReplay(StoredAccount account, LoginCommand command, long step) {
    failures.record(
        account.id(),
        IdentityAuditTypes.TOTP_REPLAY,
        "totp_code_reused",
        command.sourceAddress(),
        Map.of("step", Long.toString(step)),
        0);
    return new DomainException.Unauthenticated(INVALID);
  }

  private void refuseByPolicy(
      StoredAccount account, LoginCommand command, Explanation decision, long totpStep) {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("rule", decision.rule() == null ? "" : decision.rule().id());
    details.put("reason", decision.reason());
    if (command.serviceName() != null) {
      details.put("service", command.serviceName());
    }
    transactions.run(
        () -> {
          if (totpStep > 0) {
            // The code was spent even though the login was refused: it must not work again.
            accounts
                .findById(account.id())
                .ifPresent(
                    fresh -> accounts.update(AccountChanges.withTotpStepUsed(fresh, totpStep)));
          }
          auditor.record(
              IdentityAuditTypes.LOGIN_DENIED_BY_POLICY,
              account.username(),
              account.id().toString(),
              command.sourceAddress(),
              details);
        });
    throw new DomainException.Forbidden("login denied by policy");
  }

  /**
   * The success unit of work. Re-reads the account so that a concurrent password change,
   * deactivation or use of the same TOTP code wins over this login.
   */
  private Optional<IssuedToken> complete(
      StoredAccount checked,
      LoginCommand command,
      TokenMint.Minted minted,
      long totpStep,
      String upgradedHash,
      LoginFailures.Reserved slot) {
    StoredAccount fresh = accounts.findById(checked.id()).orElse(null);
    if (fresh == null
        || !mayUsePassword(fresh)
        || !fresh.passwordHash().equals(checked.passwordHash())) {
      return Optional.empty();
    }
    if (totpStep > 0 && totpStep <= fresh.totpLastStep()) {
      // A concurrent login spent the same code first; record the replay, issue nothing.
      refuseReplay(fresh, command, totpStep);
      return Optional.empty();
    }
    Instant now = clock.instant();
    accounts.update(
        failures.succeeded(
            fresh,
            AccountChanges.afterLogin(fresh, totpStep, upgradedHash, now),
            slot,
            command.sourceAddress()));
    tokens.insert(minted.record());
    String id = fresh.id().toString();
    String jti = minted.record().jti();
    Map<String, String> loginDetails = new LinkedHashMap<>();
    loginDetails.put("jti", jti);
    if (command.serviceName() != null) {
      loginDetails.put("service", command.serviceName());
    }
    auditor.record(
        IdentityAuditTypes.LOGIN_SUCCESS,
        fresh.username(),
        id,
        command.sourceAddress(),
        loginDetails);
    auditor.record(
        IdentityAuditTypes.TOKEN_ISSUED,
        id,
        jti,
        command.sourceAddress(),
        Map.of(
            "account_id",
            id,
            "kind",
            "login",
            "expires_at",
            minted.record().expiresAt().toString()));
    return Optional.of(minted.issued());
  }
}
