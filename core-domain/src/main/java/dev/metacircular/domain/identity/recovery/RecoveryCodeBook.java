package dev.metacircular.domain.identity.recovery;

import dev.metacircular.domain.identity.account.LoginFailures;
import dev.metacircular.domain.identity.audit.Auditor;
import dev.metacircular.domain.identity.password.PasswordHashing;
import dev.metacircular.ports.audit.IdentityAuditTypes;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.AccountStatus;
import dev.metacircular.ports.identity.RecoveryCodes;
import dev.metacircular.ports.identity.in.RecoveryCodeUseCase;
import dev.metacircular.ports.identity.out.AccountStore;
import dev.metacircular.ports.identity.out.PasskeyStore;
import dev.metacircular.ports.identity.out.RecoveryCodeStore;
import dev.metacircular.ports.identity.out.StoredAccount;
import dev.metacircular.ports.identity.out.StoredRecoveryCode;
import dev.metacircular.ports.storage.out.Transactions;
import java.nio.CharBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Recovery codes: generated in sets of ten for an account with TOTP or passkeys, each hashed with
 * Argon2id like a password and shown once; a code stands in for the TOTP code at a password sign-in
 * and works once. Keycloak added the same in 26.3.
 *
 * <p>A sign-in first {@link #check checks} a presented code (one hash, found by the code's public
 * id), then {@link #spend spends} it inside the sign-in's own unit of work, where the store's
 * single-use update decides a race between two sign-ins with the same code.
 */
public final class RecoveryCodeBook implements RecoveryCodeUseCase {

  private final AccountStore accounts;
  private final PasskeyStore passkeys;
  private final RecoveryCodeStore codes;
  private final Transactions transactions;
  private final PasswordHashing hashing;
  private final LoginFailures failures;
  private final Auditor auditor;
  private final Clock clock;

  /** The stores and services the book needs. */
  public record Dependencies(
      AccountStore accounts,
      PasskeyStore passkeys,
      RecoveryCodeStore codes,
      Transactions transactions,
      PasswordHashing hashing,
      LoginFailures failures,
      Auditor auditor,
      Clock clock) {}

  public RecoveryCodeBook(Dependencies deps) {
    this.accounts = Objects.requireNonNull(deps.accounts(), "accounts");
    this.passkeys = Objects.requireNonNull(deps.passkeys(), "passkeys");
    this.codes = Objects.requireNonNull(deps.codes(), "codes");
    this.transactions = Objects.requireNonNull(deps.transactions(), "transactions");
    this.hashing = Objects.requireNonNull(deps.hashing(), "hashing");
    this.failures = Objects.requireNonNull(deps.failures(), "failures");
    this.auditor = Objects.requireNonNull(deps.auditor(), "auditor");
    this.clock = Objects.requireNonNull(deps.clock(), "clock");
  }

  @Override
  public RecoveryCodes generate(Caller caller, char[] currentPassword) {
    StoredAccount account = ownAccount(caller);
    if (currentPassword == null || currentPassword.length == 0) {
      throw new DomainException.InvalidInput("password is required");
    }
    if (!account.totpConfirmed() && passkeys.listForAccount(account.id()).isEmpty()) {
      throw new DomainException.InvalidInput(
          "recovery codes are for accounts with TOTP or a passkey; set one up first");
    }
    failures.requirePassword(
        account, currentPassword, hashing, "recovery_codes", caller.sourceAddress());
    List<char[]> written = new ArrayList<>();
    List<StoredRecoveryCode> stored = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    Instant now = clock.instant();
    try {
      while (written.size() < SET_SIZE) {
        char[] code = RecoveryCodeFormat.generate();
        RecoveryCodeFormat.Parsed parsed =
            RecoveryCodeFormat.parse(CharBuffer.wrap(code)).orElseThrow();
        try {
          if (!ids.add(parsed.codeId())) {
            // Two codes of one set must not share an id; draw again.
            Arrays.fill(code, '\0');
            continue;
          }
          stored.add(
              new StoredRecoveryCode(
                  account.id(), parsed.codeId(), hashing.hash(parsed.canonical()), now, null));
          written.add(code);
        } finally {
          parsed.wipe();
        }
      }
      transactions.run(
          () -> {
            codes.replace(account.id(), stored);
            auditor.record(
                IdentityAuditTypes.RECOVERY_CODES_GENERATED,
                caller,
                account.id().toString(),
                Map.of("count", Integer.toString(SET_SIZE)));
          });
    } catch (RuntimeException e) {
      written.forEach(c -> Arrays.fill(c, '\0'));
      throw e;
    }
    return new RecoveryCodes(written);
  }

  @Override
  public int remaining(Caller caller) {
    return codes.countUnused(ownAccount(caller).id());
  }

  /**
   * Whether {@code presented} is one of the account's unused codes; the matching code's id, or
   * empty. Costs one Argon2id verification whatever the input (a dummy one when no code matches the
   * id), so the answer's timing tells nothing.
   */
  public Optional<String> check(StoredAccount account, String presented) {
    Optional<RecoveryCodeFormat.Parsed> parsed = RecoveryCodeFormat.parse(presented);
    if (parsed.isEmpty()) {
      hashing.dummyVerify(new char[] {'x'});
      return Optional.empty();
    }
    RecoveryCodeFormat.Parsed code = parsed.get();
    try {
      Optional<StoredRecoveryCode> stored = codes.find(account.id(), code.codeId());
      if (stored.isEmpty() || stored.get().used()) {
        hashing.dummyVerify(code.canonical());
        return Optional.empty();
      }
      return hashing.verify(code.canonical(), stored.get().hash())
          ? Optional.of(code.codeId())
          : Optional.empty();
    } finally {
      code.wipe();
    }
  }

  /**
   * Spends a checked code, inside the caller's unit of work, and audits it with how many codes
   * remain. False when a concurrent sign-in spent it first.
   */
  public boolean spend(UUID accountId, String username, String codeId, String sourceAddress) {
    if (!codes.markUsed(accountId, codeId, clock.instant())) {
      return false;
    }
    auditor.record(
        IdentityAuditTypes.RECOVERY_CODE_USED,
        username,
        accountId.toString(),
        sourceAddress,
        Map.of("code_id", codeId, "remaining", Integer.toString(codes.countUnused(accountId))));
    return true;
  }

  private StoredAccount ownAccount(Caller caller) {
    if (caller == null || caller.accountId() == null) {
      throw new DomainException.Forbidden("recovery codes are for your own account");
    }
    StoredAccount account =
        accounts
            .findById(caller.accountId())
            .orElseThrow(() -> new DomainException.NotFound("account not found"));
    if (account.type() != AccountType.HUMAN) {
      throw new DomainException.InvalidInput("recovery codes are for human accounts");
    }
    if (account.status() != AccountStatus.ACTIVE) {
      throw new DomainException.Unauthenticated("invalid credentials");
    }
    return account;
  }
}
