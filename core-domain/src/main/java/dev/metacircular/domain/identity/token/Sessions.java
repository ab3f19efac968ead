package dev.metacircular.domain.identity.token;

import dev.metacircular.domain.identity.audit.Auditor;
import dev.metacircular.ports.audit.AuditTypes;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.TokenClaims;
import dev.metacircular.ports.identity.TokenRecord;
import dev.metacircular.ports.identity.TokenValidation;
import dev.metacircular.ports.identity.in.SessionUseCase;
import dev.metacircular.ports.identity.out.AccountStore;
import dev.metacircular.ports.identity.out.StoredAccount;
import dev.metacircular.ports.identity.out.TokenStore;
import dev.metacircular.ports.storage.Transactions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Logout and renewal by the holder of a valid token.
 *
 * <p>Renewal issues a token of the same kind for the account as it is now (current username and
 * roles) and the same audience, and revokes the presented one in the same unit of work, so of two
 * concurrent renewals of one token only one succeeds. A LOGIN token gets the configured login
 * lifetime; a SERVICE token gets the lifetime it was originally granted (its {@code exp - iat}),
 * so renewing never lengthens what an admin granted.
 */
public final class Sessions implements SessionUseCase {

  private final SignedTokenValidator validator;
  private final TokenMint mint;
  private final TokenStore tokens;
  private final AccountStore accounts;
  private final Transactions transactions;
  private final Auditor auditor;
  private final Clock clock;
  private final Duration loginTokenTtl;

  public Sessions(
      SignedTokenValidator validator, TokenMint mint, TokenStore tokens, AccountStore accounts,
      Transactions transactions, Auditor auditor, Clock clock, Duration loginTokenTtl) {
    this.validator = Objects.requireNonNull(validator, "validator");
    this.mint = Objects.requireNonNull(mint, "mint");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.accounts = Objects.requireNonNull(accounts, "accounts");
    this.transactions = Objects.requireNonNull(transactions, "transactions");
    this.auditor = Objects.requireNonNull(auditor, "auditor");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.loginTokenTtl = Objects.requireNonNull(loginTokenTtl, "loginTokenTtl");
  }

  @Override
  public void logout(String token, String sourceAddress) {
    TokenClaims claims = requireValid(validator.check(token));
    transactions.run(
        () -> {
          if (!tokens.revoke(claims.jti(), clock.instant(), "logout")) {
            throw invalidToken();
          }
          String actor = claims.accountId().toString();
          auditor.record(AuditTypes.LOGOUT, actor, claims.jti(), sourceAddress, Map.of());
          auditor.record(AuditTypes.TOKEN_REVOKED, actor, claims.jti(), sourceAddress,
              Map.of("reason", "logout"));
        });
  }

  @Override
  public IssuedToken renew(String token, String sourceAddress) {
    SignedTokenValidator.Checked checked = validator.check(token);
    TokenClaims claims = requireValid(checked);
    TokenRecord old = tokens.find(claims.jti()).orElseThrow(Sessions::invalidToken);
    StoredAccount account = accounts.findById(claims.accountId()).orElseThrow(Sessions::invalidToken);
    Duration ttl = old.kind() == TokenRecord.Kind.LOGIN ? loginTokenTtl
        : Duration.between(old.issuedAt(), old.expiresAt());
    TokenMint.Minted minted = mint.mint(account.toAccount(), old.kind(), ttl, checked.audience());
    return transactions.inTransaction(
        () -> {
          Instant now = clock.instant();
          if (!tokens.revoke(old.jti(), now, "renewed")) {
            throw invalidToken();
          }
          tokens.insert(minted.record());
          auditor.record(AuditTypes.TOKEN_RENEWED, account.id().toString(),
              minted.record().jti(), sourceAddress,
              Map.of("old_jti", old.jti(), "kind", old.kind().name().toLowerCase(Locale.ROOT)));
          return minted.issued();
        });
  }

  private static TokenClaims requireValid(SignedTokenValidator.Checked checked) {
    if (checked.validation() instanceof TokenValidation.Valid valid) {
      return valid.claims();
    }
    throw invalidToken();
  }

  private static DomainException invalidToken() {
    return new DomainException.Unauthenticated("invalid or expired token");
  }
}
