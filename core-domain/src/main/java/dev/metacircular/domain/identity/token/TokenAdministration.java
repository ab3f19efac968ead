package dev.metacircular.domain.identity.token;

import dev.metacircular.domain.access.Admins;
import dev.metacircular.domain.identity.audit.Auditor;
import dev.metacircular.ports.audit.IdentityAuditTypes;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.AccountStatus;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.TokenRecord;
import dev.metacircular.ports.identity.in.LoginCommand;
import dev.metacircular.ports.identity.in.TokenAdminUseCase;
import dev.metacircular.ports.identity.out.AccountStore;
import dev.metacircular.ports.identity.out.StoredAccount;
import dev.metacircular.ports.identity.out.TokenStore;
import dev.metacircular.ports.storage.out.Transactions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/** Token administration for admins: service tokens, revocation, listing, pruning. */
public final class TokenAdministration implements TokenAdminUseCase {

  private static final int MAX_REASON = 256;

  private final TokenMint mint;
  private final TokenStore tokens;
  private final AccountStore accounts;
  private final Transactions transactions;
  private final Auditor auditor;
  private final Clock clock;
  private final Duration defaultServiceTtl;

  public TokenAdministration(
      TokenMint mint,
      TokenStore tokens,
      AccountStore accounts,
      Transactions transactions,
      Auditor auditor,
      Clock clock,
      Duration defaultServiceTtl) {
    this.mint = Objects.requireNonNull(mint, "mint");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.accounts = Objects.requireNonNull(accounts, "accounts");
    this.transactions = Objects.requireNonNull(transactions, "transactions");
    this.auditor = Objects.requireNonNull(auditor, "auditor");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.defaultServiceTtl = Objects.requireNonNull(defaultServiceTtl, "defaultServiceTtl");
  }

  @Override
  public IssuedToken issueServiceToken(
      Caller caller, UUID accountId, Duration ttl, String serviceName) {
    Admins.require(caller);
    if (serviceName != null && serviceName.length() > LoginCommand.MAX_SERVICE_NAME) {
      throw new DomainException.InvalidInput(
          "service_name is longer than " + LoginCommand.MAX_SERVICE_NAME + " characters");
    }
    Duration lifetime = ttl == null ? defaultServiceTtl : ttl;
    if (lifetime.isNegative() || lifetime.isZero()) {
      throw new DomainException.InvalidInput("ttl must be positive");
    }
    if (lifetime.compareTo(MAX_SERVICE_TTL) > 0) {
      throw new DomainException.InvalidInput(
          "ttl must be at most " + MAX_SERVICE_TTL.toDays() + " days");
    }
    StoredAccount account = load(accountId);
    if (account.type() != AccountType.SYSTEM) {
      throw new DomainException.InvalidInput("service tokens are for system accounts");
    }
    if (account.status() != AccountStatus.ACTIVE) {
      throw new DomainException.Conflict("account is not active");
    }
    TokenMint.Minted minted =
        mint.mint(account.toAccount(), TokenRecord.Kind.SERVICE, lifetime, serviceName);
    return transactions.inTransaction(
        () -> {
          tokens.insert(minted.record());
          // The subject is the account, so an audit query by account finds its tokens.
          auditor.record(
              IdentityAuditTypes.TOKEN_ISSUED,
              caller,
              account.id().toString(),
              Map.of(
                  "jti",
                  minted.record().jti(),
                  "kind",
                  "service",
                  "service",
                  minted.record().audience(),
                  "expires_at",
                  minted.record().expiresAt().toString()));
          return minted.issued();
        });
  }

  @Override
  public void revoke(Caller caller, String jti, String reason) {
    Admins.require(caller);
    String why = reason(reason);
    transactions.run(
        () -> {
          TokenRecord record = jti == null ? null : tokens.find(jti).orElse(null);
          if (record == null) {
            throw new DomainException.NotFound("token not found");
          }
          boolean revokedNow = tokens.revoke(jti, clock.instant(), why);
          auditor.record(
              IdentityAuditTypes.TOKEN_REVOKED,
              caller,
              record.accountId().toString(),
              Map.of("jti", jti, "reason", why, "already_revoked", Boolean.toString(!revokedNow)));
        });
  }

  @Override
  public int revokeAll(Caller caller, UUID accountId, String reason) {
    Admins.require(caller);
    String why = reason(reason);
    return transactions.inTransaction(
        () -> {
          load(accountId);
          int count = tokens.revokeAllForAccount(accountId, clock.instant(), why);
          auditor.record(
              IdentityAuditTypes.TOKEN_REVOKED,
              caller,
              accountId.toString(),
              Map.of("reason", why, "count", Integer.toString(count)));
          return count;
        });
  }

  @Override
  public List<TokenRecord> list(Caller caller, UUID accountId) {
    Admins.require(caller);
    load(accountId);
    return tokens.listForAccount(accountId);
  }

  @Override
  public int pruneExpired(Caller caller) {
    Admins.require(caller);
    return transactions.inTransaction(
        () -> {
          int count = tokens.deleteExpired(clock.instant());
          auditor.record(
              IdentityAuditTypes.TOKENS_PRUNED,
              caller,
              "",
              Map.of("count", Integer.toString(count)));
          return count;
        });
  }

  private StoredAccount load(UUID id) {
    if (id == null) {
      throw new DomainException.NotFound("account not found");
    }
    return accounts
        .findById(id)
        .orElseThrow(() -> new DomainException.NotFound("account not found"));
  }

  private static String reason(String reason) {
    if (reason == null || reason.isBlank()) {
      return "revoked by admin";
    }
    if (reason.length() > MAX_REASON) {
      throw new DomainException.InvalidInput("reason is longer than " + MAX_REASON + " characters");
    }
    return reason;
  }
}
