package dev.metacircular.domain.identity.passkey;

import dev.metacircular.domain.access.Admins;
import dev.metacircular.domain.identity.account.AccountChanges;
import dev.metacircular.domain.identity.account.LoginFailures;
import dev.metacircular.domain.identity.audit.Auditor;
import dev.metacircular.domain.identity.login.LoginRateLimiter;
import dev.metacircular.domain.identity.policy.LoginPolicy;
import dev.metacircular.domain.identity.token.TokenMint;
import dev.metacircular.ports.audit.IdentityAuditTypes;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.AccountStatus;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.Passkey;
import dev.metacircular.ports.identity.PasskeyChallenge;
import dev.metacircular.ports.identity.TokenRecord;
import dev.metacircular.ports.identity.Usernames;
import dev.metacircular.ports.identity.in.PasskeyUseCase;
import dev.metacircular.ports.identity.out.AccountStore;
import dev.metacircular.ports.identity.out.PasskeyDirectory;
import dev.metacircular.ports.identity.out.PasskeyOutcome;
import dev.metacircular.ports.identity.out.PasskeyStore;
import dev.metacircular.ports.identity.out.PasskeyVerifier;
import dev.metacircular.ports.identity.out.StoredAccount;
import dev.metacircular.ports.identity.out.StoredPasskey;
import dev.metacircular.ports.identity.out.TokenStore;
import dev.metacircular.ports.policy.Explanation;
import dev.metacircular.ports.storage.out.Transactions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Passkeys: who may register or sign in with one, storage, the login token and the audit trail.
 * Every WebAuthn check (challenge, origin, RP id hash, flags, signature, signature counter) is the
 * {@link PasskeyVerifier}'s, an outbound port (the {@code adapters-webauthn} module implements it
 * on Yubico's library); it sees accounts and credentials only through {@link
 * AccountPasskeyDirectory}.
 *
 * <p>Without a verifier (an embedded core that was given none) passkeys are unavailable: every
 * ceremony is refused with 503 "passkeys are not configured", and listing and removing still work.
 */
public final class Passkeys implements PasskeyUseCase {

  static final int MAX_PENDING = 10_000;
  static final int MAX_NAME = 64;
  static final int MAX_JSON = 64 * 1024;
  private static final String NOT_ACCEPTED = "passkey not accepted";

  /** What passkeys need, gathered so the constructor stays readable. */
  public record Dependencies(
      AccountStore accounts,
      PasskeyStore passkeys,
      TokenStore tokens,
      Transactions transactions,
      LoginPolicy policy,
      TokenMint mint,
      LoginFailures failures,
      Auditor auditor,
      Clock clock) {}

  private record Registration(UUID accountId, PasskeyVerifier.Ceremony ceremony) {}

  private final Dependencies d;
  private final PasskeyVerifier verifier;
  private final AccountPasskeyDirectory directory;
  private final Duration tokenTtl;
  private final LoginRateLimiter limiter;
  private final PendingCeremonies<Registration> registrations;
  private final PendingCeremonies<PasskeyVerifier.Ceremony> assertions;

  /**
   * @param verifier the WebAuthn ceremony checks, or null: passkeys are then unavailable
   */
  public Passkeys(
      Dependencies dependencies,
      PasskeyVerifier verifier,
      Duration tokenTtl,
      double loginRatePerSecond,
      int loginBurst) {
    this.d = Objects.requireNonNull(dependencies, "dependencies");
    this.tokenTtl = Objects.requireNonNull(tokenTtl, "tokenTtl");
    this.verifier = verifier;
    this.directory = new AccountPasskeyDirectory(d.accounts(), d.passkeys());
    this.limiter =
        new LoginRateLimiter(
            loginRatePerSecond, loginBurst, LoginRateLimiter.DEFAULT_MAX_ADDRESSES);
    this.registrations = new PendingCeremonies<>(MAX_PENDING, d.clock());
    this.assertions = new PendingCeremonies<>(MAX_PENDING, d.clock());
  }

  @Override
  public PasskeyChallenge startRegistration(Caller caller) {
    StoredAccount account = ownHumanAccount(caller);
    PasskeyVerifier.Ceremony ceremony =
        verifier()
            .startRegistration(
                new PasskeyVerifier.User(
                    account.username(),
                    account.username(),
                    AccountPasskeyDirectory.userHandle(account.id())),
                directory);
    Map.Entry<String, Instant> pending =
        registrations.put(new Registration(account.id(), ceremony));
    return new PasskeyChallenge(pending.getKey(), ceremony.optionsJson(), pending.getValue());
  }

  @Override
  public Passkey finishRegistration(
      Caller caller, String requestId, String credentialJson, String name) {
    StoredAccount account = ownHumanAccount(caller);
    String label = validName(name);
    requireJson(credentialJson);
    Registration pending =
        registrations
            .take(requestId)
            .filter(r -> r.accountId().equals(account.id()))
            .orElseThrow(() -> new DomainException.Unauthenticated(NOT_ACCEPTED));
    PasskeyOutcome<PasskeyDirectory.Registered> outcome =
        verifier().finishRegistration(pending.ceremony(), credentialJson, directory);
    if (outcome instanceof PasskeyOutcome.Refused<PasskeyDirectory.Registered> refused) {
      d.auditor()
          .record(
              IdentityAuditTypes.PASSKEY_LOGIN_FAILURE,
              caller,
              account.id().toString(),
              Map.of("ceremony", "registration", "reason", refused.reason().auditName()));
      throw new DomainException.Unauthenticated(NOT_ACCEPTED);
    }
    if (!(outcome instanceof PasskeyOutcome.Verified<PasskeyDirectory.Registered> verified)) {
      throw new DomainException.InvalidInput("malformed passkey credential");
    }
    PasskeyDirectory.Registered result = verified.value();
    Instant now = d.clock().instant();
    StoredPasskey passkey =
        new StoredPasskey(
            result.credentialId(),
            account.id(),
            result.publicKeyCose(),
            result.signatureCount(),
            label,
            now,
            null);
    d.transactions()
        .run(
            () -> {
              d.passkeys().insert(passkey);
              d.auditor()
                  .record(
                      IdentityAuditTypes.PASSKEY_REGISTERED,
                      caller,
                      account.id().toString(),
                      Map.of("credential_id", passkey.credentialIdBase64Url(), "name", label));
            });
    return passkey.toPasskey();
  }

  @Override
  public PasskeyChallenge startLogin(String username, String sourceAddress) {
    admit(username == null ? "" : username, sourceAddress);
    String wanted =
        username == null || username.isEmpty() ? null : Usernames.requireValid(username);
    PasskeyVerifier.Ceremony ceremony = verifier().startSignIn(wanted, directory);
    Map.Entry<String, Instant> pending = assertions.put(ceremony);
    return new PasskeyChallenge(pending.getKey(), ceremony.optionsJson(), pending.getValue());
  }

  @Override
  public IssuedToken finishLogin(
      String requestId, String credentialJson, String serviceName, String sourceAddress) {
    String source = sourceAddress == null ? "" : sourceAddress;
    admit("", source);
    requireJson(credentialJson);
    PasskeyVerifier verifier = verifier();
    PasskeyVerifier.Ceremony ceremony = assertions.take(requestId).orElse(null);
    if (ceremony == null) {
      fail("", source, "unknown_or_expired_challenge");
    }
    PasskeyOutcome<PasskeyDirectory.Registered> outcome =
        verifier.finishSignIn(ceremony, credentialJson, directory);
    if (outcome instanceof PasskeyOutcome.Refused<PasskeyDirectory.Registered> refused) {
      throw fail("", source, refused.reason().auditName());
    }
    if (!(outcome instanceof PasskeyOutcome.Verified<PasskeyDirectory.Registered> verified)) {
      throw new DomainException.InvalidInput("malformed passkey assertion");
    }
    PasskeyDirectory.Registered result = verified.value();
    UUID accountId =
        AccountPasskeyDirectory.accountId(result.userHandle())
            .orElseThrow(() -> fail("", source, "bad_user_handle"));
    StoredAccount account =
        d.accounts()
            .findById(accountId)
            .filter(Passkeys::maySignIn)
            .orElseThrow(() -> fail(accountId.toString(), source, "account_cannot_log_in"));
    // No lockout check: a valid passkey is not a guess, so it signs in even while failed
    // passwords have locked the account (the lockout stops guessing, not the owner).
    Instant now = d.clock().instant();
    // Judged for the audience the token is minted for, as a password login is.
    String audience = d.mint().audienceFor(serviceName);
    Explanation decision = d.policy().evaluate(account.toAccount(), audience, List.of());
    if (!decision.allowed()) {
      Map<String, String> details = new LinkedHashMap<>();
      details.put("rule", decision.rule() == null ? "" : decision.rule().id());
      details.put("reason", decision.reason());
      details.put("method", "passkey");
      details.put("service", audience);
      d.auditor()
          .record(
              IdentityAuditTypes.LOGIN_DENIED_BY_POLICY,
              account.username(),
              account.id().toString(),
              source,
              details);
      throw new DomainException.Forbidden("login denied by policy");
    }
    TokenMint.Minted minted =
        d.mint().mint(account.toAccount(), TokenRecord.Kind.LOGIN, tokenTtl, audience);
    byte[] credentialId = result.credentialId();
    long counter = result.signatureCount();
    return d.transactions()
        .inTransaction(
            () -> {
              StoredAccount fresh =
                  d.accounts()
                      .findById(accountId)
                      .filter(Passkeys::maySignIn)
                      .orElseThrow(() -> new DomainException.Unauthenticated(NOT_ACCEPTED));
              StoredPasskey stored =
                  d.passkeys()
                      .find(credentialId)
                      .orElseThrow(() -> new DomainException.Unauthenticated(NOT_ACCEPTED));
              if (counter != 0 && counter <= stored.signatureCount()) {
                // A concurrent sign-in with the same assertion counter got there first.
                throw new DomainException.Unauthenticated(NOT_ACCEPTED);
              }
              d.passkeys().recordUse(credentialId, counter, now);
              d.accounts()
                  .update(
                      d.failures()
                          .succeeded(
                              fresh, AccountChanges.afterLogin(fresh, 0, null, now), null, source));
              d.tokens().insert(minted.record());
              String id = fresh.id().toString();
              String jti = minted.record().jti();
              Map<String, String> loginDetails = new LinkedHashMap<>();
              loginDetails.put("jti", jti);
              loginDetails.put("method", "passkey");
              loginDetails.put("credential_id", stored.credentialIdBase64Url());
              if (serviceName != null) {
                loginDetails.put("service", serviceName);
              }
              d.auditor()
                  .record(
                      IdentityAuditTypes.LOGIN_SUCCESS, fresh.username(), id, source, loginDetails);
              d.auditor()
                  .record(
                      IdentityAuditTypes.TOKEN_ISSUED,
                      id,
                      jti,
                      source,
                      Map.of(
                          "account_id",
                          id,
                          "kind",
                          "login",
                          "expires_at",
                          minted.record().expiresAt().toString()));
              return minted.issued();
            });
  }

  @Override
  public List<Passkey> list(Caller caller, UUID accountId) {
    Admins.requireSelfOrAdmin(caller, accountId);
    return d.passkeys().listForAccount(accountId).stream().map(StoredPasskey::toPasskey).toList();
  }

  @Override
  public void remove(Caller caller, UUID accountId, String credentialId) {
    Admins.requireSelfOrAdmin(caller, accountId);
    byte[] id = decodeCredentialId(credentialId);
    d.transactions()
        .run(
            () -> {
              if (!d.passkeys().delete(accountId, id)) {
                throw new DomainException.NotFound("passkey not found");
              }
              d.auditor()
                  .record(
                      IdentityAuditTypes.PASSKEY_REMOVED,
                      caller,
                      accountId.toString(),
                      Map.of("credential_id", credentialId));
            });
  }

  private static byte[] decodeCredentialId(String credentialId) {
    try {
      byte[] id = Base64.getUrlDecoder().decode(credentialId == null ? "" : credentialId);
      if (id.length == 0 || id.length > 1023) {
        throw new IllegalArgumentException("length");
      }
      return id;
    } catch (IllegalArgumentException e) {
      throw new DomainException.InvalidInput("credential_id must be base64url");
    }
  }

  private StoredAccount ownHumanAccount(Caller caller) {
    if (caller == null || caller.accountId() == null) {
      throw new DomainException.Forbidden("passkeys belong to a logged-in account");
    }
    StoredAccount account = d.accounts().findById(caller.accountId()).orElse(null);
    if (account == null || !maySignIn(account)) {
      throw new DomainException.Forbidden("only active human accounts can have passkeys");
    }
    return account;
  }

  private static boolean maySignIn(StoredAccount a) {
    return a.status() == AccountStatus.ACTIVE && a.type() == AccountType.HUMAN;
  }

  private static String validName(String name) {
    String label = name == null || name.isBlank() ? "passkey" : name.strip();
    if (label.length() > MAX_NAME || label.chars().anyMatch(Character::isISOControl)) {
      throw new DomainException.InvalidInput(
          "name must be at most " + MAX_NAME + " printable characters");
    }
    return label;
  }

  private static void requireJson(String json) {
    if (json == null || json.isBlank()) {
      throw new DomainException.InvalidInput("credential is required");
    }
    if (json.length() > MAX_JSON) {
      throw new DomainException.InvalidInput("credential is too large");
    }
  }

  private void admit(String username, String source) {
    LoginRateLimiter.Admission admission = limiter.admit(source, d.clock().instant());
    if (admission.admitted()) {
      return;
    }
    if (admission.firstRefusal()) {
      // Only a username that names an account is recorded (it might be a mistyped password).
      String actor =
          username.isEmpty() || d.accounts().findByUsername(username).isPresent()
              ? username
              : LoginFailures.UNKNOWN_USERNAME;
      d.auditor()
          .record(
              IdentityAuditTypes.LOGIN_RATE_LIMITED,
              actor,
              "",
              source,
              Map.of("method", "passkey"));
    }
    throw new DomainException.TooManyRequests("too many login attempts", admission.retryAfter());
  }

  /** Audits a refused sign-in; returns the exception to throw. */
  private DomainException fail(String subject, String source, String reason) {
    d.auditor()
        .record(
            IdentityAuditTypes.PASSKEY_LOGIN_FAILURE,
            "",
            subject,
            source,
            Map.of("ceremony", "assertion", "reason", reason));
    throw new DomainException.Unauthenticated(NOT_ACCEPTED);
  }

  /** The verifier, or 503 when this core was given none. */
  private PasskeyVerifier verifier() {
    return Optional.ofNullable(verifier)
        .orElseThrow(() -> new DomainException.Unavailable("passkeys are not configured"));
  }
}
