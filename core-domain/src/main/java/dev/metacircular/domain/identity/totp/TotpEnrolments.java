package dev.metacircular.domain.identity.totp;

import dev.metacircular.crypto.Base32;
import dev.metacircular.crypto.SecureRandoms;
import dev.metacircular.crypto.Totp;
import dev.metacircular.domain.access.Admins;
import dev.metacircular.domain.identity.account.AccountChanges;
import dev.metacircular.domain.identity.account.LoginFailures;
import dev.metacircular.domain.identity.audit.Auditor;
import dev.metacircular.domain.identity.password.PasswordHashing;
import dev.metacircular.ports.audit.IdentityAuditTypes;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.AccountStatus;
import dev.metacircular.ports.identity.TotpEnrolment;
import dev.metacircular.ports.identity.in.TotpUseCase;
import dev.metacircular.ports.identity.out.AccountStore;
import dev.metacircular.ports.identity.out.StoredAccount;
import dev.metacircular.ports.identity.out.TokenStore;
import dev.metacircular.ports.storage.out.Transactions;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * TOTP enrolment for one's own human account. Enrolment needs the current password (a wrong one
 * counts towards the account's lockout, like a failed login), and only a confirmed enrolment makes
 * login ask for a code.
 *
 * <p>Removing TOTP ends the account's sessions (its tokens are revoked in the same unit of work),
 * since they were opened under a second factor the account no longer has; when the account's owner
 * removes it, the token that did so keeps working.
 */
public final class TotpEnrolments implements TotpUseCase {

  /** The issuer label authenticator apps show. */
  public static final String ISSUER_LABEL = "MCIAS";

  private final AccountStore accounts;
  private final TokenStore tokens;
  private final Transactions transactions;
  private final PasswordHashing hashing;
  private final TotpSecrets secrets;
  private final LoginFailures failures;
  private final Auditor auditor;
  private final Clock clock;

  public TotpEnrolments(
      AccountStore accounts,
      TokenStore tokens,
      Transactions transactions,
      PasswordHashing hashing,
      TotpSecrets secrets,
      LoginFailures failures,
      Auditor auditor,
      Clock clock) {
    this.accounts = Objects.requireNonNull(accounts, "accounts");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.transactions = Objects.requireNonNull(transactions, "transactions");
    this.hashing = Objects.requireNonNull(hashing, "hashing");
    this.secrets = Objects.requireNonNull(secrets, "secrets");
    this.failures = Objects.requireNonNull(failures, "failures");
    this.auditor = Objects.requireNonNull(auditor, "auditor");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public TotpEnrolment enrol(Caller caller, char[] currentPassword) {
    StoredAccount account = ownHumanAccount(caller);
    if (currentPassword == null || currentPassword.length == 0) {
      throw new DomainException.InvalidInput("password is required");
    }
    failures.requirePassword(
        account, currentPassword, hashing, "totp_enrol", caller.sourceAddress());
    byte[] secret = SecureRandoms.bytes(TotpSecrets.SECRET_LENGTH);
    byte[] sealed;
    char[] base32;
    try {
      sealed = secrets.seal(account.id(), secret);
      base32 = Base32.encode(secret);
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
    char[] uri = Totp.otpauthUri(ISSUER_LABEL, account.username(), base32);
    try {
      transactions.run(
          () -> {
            StoredAccount fresh = load(account.id());
            accounts.update(AccountChanges.withTotp(fresh, sealed, false, 0, clock.instant()));
            auditor.record(
                IdentityAuditTypes.TOTP_ENROLLED, caller, account.id().toString(), Map.of());
          });
    } catch (RuntimeException e) {
      Arrays.fill(base32, '\0');
      Arrays.fill(uri, '\0');
      throw e;
    }
    return new TotpEnrolment(base32, uri);
  }

  @Override
  public void confirm(Caller caller, String code) {
    if (code == null || !code.matches("[0-9]{6}")) {
      throw new DomainException.InvalidInput("totp code must be 6 digits");
    }
    StoredAccount account = ownHumanAccount(caller);
    if (account.totpSecretSealed() == null || account.totpConfirmed()) {
      throw new DomainException.InvalidInput("no TOTP enrolment to confirm");
    }
    OptionalLong step = secrets.verify(account, code, clock.instant());
    if (step.isEmpty()) {
      throw new DomainException.Unauthenticated("invalid totp code");
    }
    transactions.run(
        () -> {
          StoredAccount fresh = load(account.id());
          if (!Arrays.equals(fresh.totpSecretSealed(), account.totpSecretSealed())) {
            // A new enrolment started meanwhile: this code belongs to the old secret.
            throw new DomainException.Conflict("TOTP enrolment changed; start again");
          }
          accounts.update(
              AccountChanges.withTotp(
                  fresh, fresh.totpSecretSealed(), true, step.getAsLong(), clock.instant()));
          auditor.record(
              IdentityAuditTypes.TOTP_CONFIRMED, caller, account.id().toString(), Map.of());
        });
  }

  @Override
  public void remove(Caller caller, UUID accountId) {
    if (accountId == null) {
      throw new DomainException.NotFound("account not found");
    }
    Admins.requireSelfOrAdmin(caller, accountId);
    transactions.run(
        () -> {
          StoredAccount fresh = load(accountId);
          Instant now = clock.instant();
          accounts.update(AccountChanges.withTotp(fresh, null, false, 0, now));
          // Sessions opened under the second factor end with it. The owner's own removal keeps
          // the token that made it; an admin's ends them all.
          String keep = accountId.equals(caller.accountId()) ? caller.jti() : null;
          int revoked =
              !fresh.totpConfirmed()
                  ? 0
                  : tokens.revokeAllForAccountExcept(accountId, keep, now, "totp removed");
          auditor.record(
              IdentityAuditTypes.TOTP_REMOVED,
              caller,
              accountId.toString(),
              Map.of(
                  "was_enabled",
                  Boolean.toString(fresh.totpConfirmed()),
                  "tokens_revoked",
                  Integer.toString(revoked)));
        });
  }

  private StoredAccount ownHumanAccount(Caller caller) {
    if (caller == null || caller.accountId() == null) {
      throw new DomainException.Forbidden("TOTP enrolment is for your own account");
    }
    StoredAccount account = load(caller.accountId());
    if (account.type() != AccountType.HUMAN) {
      throw new DomainException.InvalidInput("TOTP is for human accounts");
    }
    if (account.status() != AccountStatus.ACTIVE) {
      throw new DomainException.Unauthenticated("invalid credentials");
    }
    return account;
  }

  private StoredAccount load(UUID id) {
    return accounts
        .findById(id)
        .orElseThrow(() -> new DomainException.NotFound("account not found"));
  }
}
