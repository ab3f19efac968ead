package dev.metacircular.domain.identity;

import dev.metacircular.crypto.Argon2Memory;
import dev.metacircular.domain.identity.account.AccountAdministration;
import dev.metacircular.domain.identity.account.Lockout;
import dev.metacircular.domain.identity.account.LoginFailures;
import dev.metacircular.domain.identity.account.OwnAccount;
import dev.metacircular.domain.identity.audit.AuditReading;
import dev.metacircular.domain.identity.audit.Auditor;
import dev.metacircular.domain.identity.login.PasswordLogin;
import dev.metacircular.domain.identity.passkey.PasskeySettings;
import dev.metacircular.domain.identity.passkey.Passkeys;
import dev.metacircular.domain.identity.password.PasswordHashing;
import dev.metacircular.domain.identity.policy.LoginPolicy;
import dev.metacircular.domain.identity.policy.LoginPolicyAdministration;
import dev.metacircular.domain.identity.sso.SsoAuthorization;
import dev.metacircular.domain.identity.sso.SsoClientAdministration;
import dev.metacircular.domain.identity.token.Sessions;
import dev.metacircular.domain.identity.token.SignedTokenValidator;
import dev.metacircular.domain.identity.token.TokenAdministration;
import dev.metacircular.domain.identity.token.TokenMint;
import dev.metacircular.domain.identity.totp.TotpEnrolments;
import dev.metacircular.domain.identity.totp.TotpSecrets;
import dev.metacircular.ports.identity.in.AccountUseCase;
import dev.metacircular.ports.identity.in.AuditQuery;
import dev.metacircular.ports.identity.in.LoginUseCase;
import dev.metacircular.ports.identity.in.PasskeyUseCase;
import dev.metacircular.ports.identity.in.ProfileUseCase;
import dev.metacircular.ports.identity.in.SessionUseCase;
import dev.metacircular.ports.identity.in.SsoClientAdminUseCase;
import dev.metacircular.ports.identity.in.SsoUseCase;
import dev.metacircular.ports.identity.in.TokenAdminUseCase;
import dev.metacircular.ports.identity.in.TokenValidationQuery;
import dev.metacircular.ports.identity.in.TotpUseCase;
import dev.metacircular.ports.policy.PolicyAdministration;
import java.time.Clock;
import java.util.Objects;

/**
 * The identity service's core (the reference's MCIAS) over its storage ports: accounts and roles,
 * password, TOTP and passkey login, SSO clients and authorization codes, Ed25519 tokens, the
 * login policy and the audit log. Every front door
 * (REST, gRPC, shell, offline tool, embedding code) drives it through the inbound ports returned
 * here. Thread-safe.
 *
 * <p>{@link #open} derives the master key, opens (or on first start creates) the token signing
 * key, and seeds the login policy once. {@link #close} wipes the keys; the core is unusable
 * afterwards.
 */
public final class IdentityCore implements AutoCloseable {

  private final KeyRing keys;
  private final LoginUseCase login;
  private final SessionUseCase sessions;
  private final TokenValidationQuery tokens;
  private final TokenAdminUseCase tokenAdmin;
  private final AccountUseCase accounts;
  private final TotpUseCase totp;
  private final PolicyAdministration loginPolicy;
  private final AuditQuery audit;
  private final ProfileUseCase profile;
  private final SsoClientAdminUseCase ssoClients;
  private final SsoUseCase sso;
  private final PasskeyUseCase passkeys;
  private final PasswordHashing hashing;

  private IdentityCore(
      IdentityStorage storage, IdentitySettings settings, PasskeySettings passkeySettings,
      KeyRing keys, Clock clock) {
    this.keys = keys;
    Auditor auditor = new Auditor(storage.audit(), clock);
    PasswordHashing hashing = PasswordHashing.perProcessor(settings.passwordHashing());
    this.hashing = hashing;
    TokenMint mint = new TokenMint(settings.issuer(), keys.signing(), clock);
    SignedTokenValidator validator =
        new SignedTokenValidator(settings.issuer(), keys.signing().publicKey(), storage.tokens(),
            storage.accounts(), clock, settings.verificationCacheSize());
    TotpSecrets totpSecrets = new TotpSecrets(keys.sealing());
    LoginFailures failures =
        new LoginFailures(storage.accounts(), storage.transactions(), auditor,
            new Lockout(settings.lockoutThreshold(), settings.lockoutDuration()), clock);

    this.tokens = validator;
    this.login =
        new PasswordLogin(
            new PasswordLogin.Dependencies(storage.accounts(), storage.tokens(),
                storage.transactions(), hashing, totpSecrets,
                new LoginPolicy(storage.policyRules()), mint, failures, auditor, clock),
            settings.loginTokenTtl(), settings.loginRatePerSecond(), settings.loginBurst());
    this.sessions =
        new Sessions(validator, mint, storage.tokens(), storage.accounts(),
            storage.transactions(), auditor, clock, settings.loginTokenTtl());
    this.tokenAdmin =
        new TokenAdministration(mint, storage.tokens(), storage.accounts(),
            storage.transactions(), auditor, clock, settings.serviceTokenTtl());
    this.accounts =
        new AccountAdministration(storage.accounts(), storage.tokens(), storage.transactions(),
            hashing, auditor, clock);
    this.totp =
        new TotpEnrolments(storage.accounts(), storage.transactions(), hashing, totpSecrets,
            failures, auditor, clock);
    this.loginPolicy =
        new LoginPolicyAdministration(storage.policyRules(), storage.transactions(), auditor);
    this.audit = new AuditReading(storage.audit());
    this.profile =
        new OwnAccount(storage.accounts(), storage.transactions(), hashing, failures, auditor,
            clock);
    LoginPolicy policy = new LoginPolicy(storage.policyRules());
    this.ssoClients =
        new SsoClientAdministration(storage.ssoClients(), storage.transactions(), auditor, clock);
    this.sso =
        new SsoAuthorization(
            new SsoAuthorization.Dependencies(storage.ssoClients(), storage.authorizationCodes(),
                storage.accounts(), storage.tokens(), storage.transactions(), policy, mint,
                auditor, clock),
            settings.loginTokenTtl());
    this.passkeys =
        new Passkeys(
            new Passkeys.Dependencies(storage.accounts(), storage.passkeys(), storage.tokens(),
                storage.transactions(), policy, mint, failures.lockout(), auditor, clock),
            passkeySettings, settings.loginTokenTtl(), settings.loginRatePerSecond(),
            settings.loginBurst());
  }

  /**
   * Opens the core over {@code storage}. On an empty database this creates the KDF salt and the
   * signing key (sealed under the master key) and seeds the login policy's default rule. The
   * caller still owns {@code masterKey} and should wipe it once this returns.
   *
   * @throws MasterKeyException when the master key does not open this database (nothing is
   *     written in that case)
   */
  public static IdentityCore open(
      IdentityStorage storage, IdentitySettings settings, MasterKeySource masterKey,
      Clock clock) {
    return open(storage, settings, PasskeySettings.localhost(), masterKey, clock);
  }

  /**
   * Like {@link #open(IdentityStorage, IdentitySettings, MasterKeySource, Clock)}, with the
   * WebAuthn relying party passkeys are bound to.
   */
  public static IdentityCore open(
      IdentityStorage storage, IdentitySettings settings, PasskeySettings passkeys,
      MasterKeySource masterKey, Clock clock) {
    Objects.requireNonNull(storage, "storage");
    Objects.requireNonNull(passkeys, "passkeys");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(clock, "clock");
    KeyRing keys =
        MasterKeyOpening.open(storage.settings(), storage.transactions(),
            settings.masterKeyKdf(), masterKey);
    try {
      LoginPolicy.seedOnce(storage.settings(), storage.policyRules(), storage.transactions(),
          new Auditor(storage.audit(), clock));
      return new IdentityCore(storage, settings, passkeys, keys, clock);
    } catch (RuntimeException e) {
      keys.close();
      throw e;
    }
  }

  public LoginUseCase login() {
    return login;
  }

  public SessionUseCase sessions() {
    return sessions;
  }

  public TokenValidationQuery tokens() {
    return tokens;
  }

  public TokenAdminUseCase tokenAdmin() {
    return tokenAdmin;
  }

  public AccountUseCase accounts() {
    return accounts;
  }

  public TotpUseCase totp() {
    return totp;
  }

  public PolicyAdministration loginPolicy() {
    return loginPolicy;
  }

  public AuditQuery audit() {
    return audit;
  }

  /** A person's own account: see it, change its password (the web UI's profile page). */
  public ProfileUseCase profile() {
    return profile;
  }

  /** Admin CRUD of SSO clients. */
  public SsoClientAdminUseCase ssoClients() {
    return ssoClients;
  }

  /** The SSO authorization-code flow. */
  public SsoUseCase sso() {
    return sso;
  }

  /** Passkey (WebAuthn) registration, sign-in and management. */
  public PasskeyUseCase passkeys() {
    return passkeys;
  }

  /**
   * The block memory password hashes borrow: one Argon2 set per permitted concurrent hash at
   * most; its counters show how many sets a login storm made.
   */
  public Argon2Memory passwordMemory() {
    return hashing.memory();
  }

  /** Wipes the master sealing key and the token signing key. */
  @Override
  public void close() {
    keys.close();
  }
}
