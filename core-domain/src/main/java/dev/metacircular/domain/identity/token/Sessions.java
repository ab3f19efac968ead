package dev.metacircular.domain.identity.token;

import dev.metacircular.domain.identity.audit.Auditor;
import dev.metacircular.domain.identity.policy.LoginPolicy;
import dev.metacircular.ports.audit.IdentityAuditTypes;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.TokenClaims;
import dev.metacircular.ports.identity.TokenRecord;
import dev.metacircular.ports.identity.TokenValidation;
import dev.metacircular.ports.identity.in.SessionUseCase;
import dev.metacircular.ports.identity.out.AccountStore;
import dev.metacircular.ports.identity.out.StoredAccount;
import dev.metacircular.ports.identity.out.TokenStore;
import dev.metacircular.ports.policy.Explanation;
import dev.metacircular.ports.storage.out.Transactions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Logout and renewal by the holder of a valid token, whatever its audience: the identity service
 * issued it, and only its holder can present it.
 *
 * <p>Renewal issues a token of the same kind for the account as it is now (current username and
 * roles), with the same audience, session start and login tags, and revokes the presented one in
 * the same unit of work, so of two concurrent renewals of one token only one succeeds.
 *
 * <ul>
 *   <li>A LOGIN token's renewal is a login without the password: the login policy is evaluated
 *       again for the token's audience and the session's original tags (a person who may no longer
 *       log in cannot renew either), and the new token gets the login lifetime but never runs past
 *       the session's absolute end ({@code tokens.max_session_lifetime} after the original login).
 *       Once less than a second of the session is left, renewal is refused.
 *   <li>A SERVICE token's session is the grant an admin made: renewing rotates the token (new jti)
 *       and keeps its expiry, so it never lengthens what an admin granted. The login policy is not
 *       consulted: an admin's issue authorized it, and issue never consulted it either.
 * </ul>
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
  private final LoginPolicy policy;
  private final Duration maxSessionLifetime;

  /** The wiring renewal needs, gathered so the constructor stays readable. */
  public record Dependencies(
      SignedTokenValidator validator,
      TokenMint mint,
      TokenStore tokens,
      AccountStore accounts,
      LoginPolicy policy,
      Transactions transactions,
      Auditor auditor,
      Clock clock) {}

  /**
   * @param loginTokenTtl the lifetime of a renewed LOGIN token (capped by the session's end)
   * @param maxSessionLifetime how long after the original login a session may be renewed
   */
  public Sessions(Dependencies d, Duration loginTokenTtl, Duration maxSessionLifetime) {
    this.validator = Objects.requireNonNull(d.validator(), "validator");
    this.mint = Objects.requireNonNull(d.mint(), "mint");
    this.tokens = Objects.requireNonNull(d.tokens(), "tokens");
    this.accounts = Objects.requireNonNull(d.accounts(), "accounts");
    this.policy = Objects.requireNonNull(d.policy(), "policy");
    this.transactions = Objects.requireNonNull(d.transactions(), "transactions");
    this.auditor = Objects.requireNonNull(d.auditor(), "auditor");
    this.clock = Objects.requireNonNull(d.clock(), "clock");
    this.loginTokenTtl = Objects.requireNonNull(loginTokenTtl, "loginTokenTtl");
    this.maxSessionLifetime = Objects.requireNonNull(maxSessionLifetime, "maxSessionLifetime");
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
          auditor.record(IdentityAuditTypes.LOGOUT, actor, claims.jti(), sourceAddress, Map.of());
          auditor.record(
              IdentityAuditTypes.TOKEN_REVOKED,
              actor,
              claims.jti(),
              sourceAddress,
              Map.of("reason", "logout"));
        });
  }

  @Override
  public IssuedToken renew(String token, String sourceAddress) {
    SignedTokenValidator.Checked checked = validator.check(token);
    TokenClaims claims = requireValid(checked);
    TokenRecord old = tokens.find(claims.jti()).orElseThrow(Sessions::invalidToken);
    StoredAccount account =
        accounts.findById(claims.accountId()).orElseThrow(Sessions::invalidToken);
    boolean login = old.kind() == TokenRecord.Kind.LOGIN;
    Instant sessionEnd = login ? old.sessionStartedAt().plus(maxSessionLifetime) : old.expiresAt();
    Duration ttl = login ? loginTokenTtl : Duration.between(old.issuedAt(), old.expiresAt());
    if (Duration.between(clock.instant(), sessionEnd).getSeconds() < 1) {
      throw refuse(
          old,
          sourceAddress,
          Map.of("reason", "session_lifetime"),
          new DomainException.Unauthenticated(
              "session has reached its maximum lifetime; log in" + " again"));
    }
    if (login) {
      Explanation decision = policy.evaluate(account.toAccount(), claims.audience(), old.tags());
      if (!decision.allowed()) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("reason", "login_policy");
        details.put("rule", decision.rule() == null ? "" : decision.rule().id());
        details.put("policy_reason", decision.reason());
        details.put("service", claims.audience());
        throw refuse(
            old, sourceAddress, details, new DomainException.Forbidden("login denied by policy"));
      }
    }
    TokenMint.Minted minted =
        mint.renewal(account.toAccount(), old, claims.audience(), ttl, sessionEnd);
    return transactions.inTransaction(
        () -> {
          Instant now = clock.instant();
          if (!tokens.revoke(old.jti(), now, "renewed")) {
            throw invalidToken();
          }
          tokens.insert(minted.record());
          auditor.record(
              IdentityAuditTypes.TOKEN_RENEWED,
              account.id().toString(),
              minted.record().jti(),
              sourceAddress,
              Map.of("old_jti", old.jti(), "kind", old.kind().name().toLowerCase(Locale.ROOT)));
          return minted.issued();
        });
  }

  /** Audits a refused renewal and returns the exception to throw. */
  private DomainException refuse(
      TokenRecord old, String sourceAddress, Map<String, String> details, DomainException refusal) {
    Map<String, String> all = new LinkedHashMap<>(details);
    all.put("jti", old.jti());
    transactions.run(
        () ->
            auditor.record(
                IdentityAuditTypes.TOKEN_RENEW_REFUSED,
                old.accountId().toString(),
                old.jti(),
                sourceAddress,
                all));
    return refusal;
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
