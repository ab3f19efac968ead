package dev.metacircular.domain.identity;

import dev.metacircular.crypto.Argon2Memory;
import dev.metacircular.domain.audit.RefusalAudit;
import dev.metacircular.domain.audit.RefusalAuditing;
import dev.metacircular.domain.audit.RefusalAuditing.Spec;
import dev.metacircular.domain.identity.account.AccountAdministration;
import dev.metacircular.domain.identity.account.LoginFailures;
import dev.metacircular.domain.identity.account.OwnAccount;
import dev.metacircular.domain.identity.audit.AuditReading;
import dev.metacircular.domain.identity.audit.Auditor;
import dev.metacircular.domain.identity.login.PasswordLogin;
import dev.metacircular.domain.identity.passkey.Passkeys;
import dev.metacircular.domain.identity.password.PasswordHashing;
import dev.metacircular.domain.identity.policy.LoginPolicy;
import dev.metacircular.domain.identity.policy.LoginPolicyAdministration;
import dev.metacircular.domain.identity.recovery.RecoveryCodeBook;
import dev.metacircular.domain.identity.sso.SsoAuthorization;
import dev.metacircular.domain.identity.sso.SsoClientAdministration;
import dev.metacircular.domain.identity.token.Sessions;
import dev.metacircular.domain.identity.token.SignedTokenValidator;
import dev.metacircular.domain.identity.token.TokenAdministration;
import dev.metacircular.domain.identity.token.TokenMint;
import dev.metacircular.domain.identity.totp.TotpEnrolments;
import dev.metacircular.domain.identity.totp.TotpSecrets;
import dev.metacircular.domain.telemetry.AuditedTelemetry;
import dev.metacircular.domain.telemetry.CountedTokenValidation;
import dev.metacircular.ports.audit.in.AuditUseCase;
import dev.metacircular.ports.identity.in.AccountUseCase;
import dev.metacircular.ports.identity.in.IdentityUseCases;
import dev.metacircular.ports.identity.in.LoginUseCase;
import dev.metacircular.ports.identity.in.PasskeyUseCase;
import dev.metacircular.ports.identity.in.ProfileUseCase;
import dev.metacircular.ports.identity.in.RecoveryCodeUseCase;
import dev.metacircular.ports.identity.in.SessionUseCase;
import dev.metacircular.ports.identity.in.SsoClientAdminUseCase;
import dev.metacircular.ports.identity.in.SsoUseCase;
import dev.metacircular.ports.identity.in.TokenAdminUseCase;
import dev.metacircular.ports.identity.in.TokenValidationUseCase;
import dev.metacircular.ports.identity.in.TotpUseCase;
import dev.metacircular.ports.identity.out.PasskeyVerifier;
import dev.metacircular.ports.policy.in.PolicyAdminUseCase;
import dev.metacircular.ports.telemetry.out.Telemetry;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The identity service's core (the reference's MCIAS) over its storage ports: accounts and roles,
 * password, TOTP and passkey login, SSO clients and authorization codes, Ed25519 tokens, the login
 * policy and the audit log. Every front door (REST, gRPC, shell, offline tool, embedding code)
 * drives it through the inbound ports returned here. Thread-safe.
 *
 * <p>Every port returned here records its refusals in the audit log ({@link RefusalAuditing}):
 * whichever door a refused request came through, the entry names the caller, the action, the target
 * and the reason.
 *
 * <p>{@link #open} derives the master key, opens (or on first start creates) the token signing key,
 * and seeds the login policy once. {@link #close} wipes the keys; the core is unusable afterwards.
 */
public final class IdentityCore implements AutoCloseable {

  private final IdentityKeys keys;
  private final LoginUseCase login;
  private final SessionUseCase sessions;
  private final TokenValidationUseCase tokens;
  private final TokenAdminUseCase tokenAdmin;
  private final AccountUseCase accounts;
  private final TotpUseCase totp;
  private final PolicyAdminUseCase loginPolicy;
  private final AuditUseCase audit;
  private final ProfileUseCase profile;
  private final SsoClientAdminUseCase ssoClients;
  private final SsoUseCase sso;
  private final PasskeyUseCase passkeys;
  private final PasswordHashing hashing;
  private final RefusalAudit refusals;
  private final Map<Class<?>, Object> audited = new ConcurrentHashMap<>();
  private final RecoveryCodeBook recoveryCodes;

  private IdentityCore(
      IdentityStorage storage,
      IdentitySettings settings,
      PasskeyVerifier passkeyVerifier,
      IdentityKeys keys,
      Clock clock,
      Telemetry telemetry) {
    this.keys = keys;
    storage = storage.withAudit(AuditedTelemetry.wrap(storage.audit(), telemetry));
    this.refusals = new RefusalAudit(storage.audit(), clock);
    Auditor auditor = new Auditor(storage.audit(), clock);
    PasswordHashing hashing = PasswordHashing.perProcessor(settings.passwordHashing());
    this.hashing = hashing;
    TokenMint mint = new TokenMint(settings.issuer(), settings.audience(), keys.signing(), clock);
    SignedTokenValidator validator =
        new SignedTokenValidator(
            settings.issuer(),
            settings.audience(),
            keys.signing().publicKey(),
            storage.tokens(),
            storage.accounts(),
            clock,
            settings.verificationCacheSize());
    LoginPolicy policy = new LoginPolicy(storage.policyRules());
    TotpSecrets totpSecrets = new TotpSecrets(keys.sealing());
    LoginFailures failures =
        new LoginFailures(
            storage.accounts(),
            storage.loginSources(),
            storage.transactions(),
            auditor,
            settings.lockout(),
            clock);

    this.tokens = CountedTokenValidation.wrap(validator, telemetry);
    this.recoveryCodes =
        new RecoveryCodeBook(
            new RecoveryCodeBook.Dependencies(
                storage.accounts(),
                storage.passkeys(),
                storage.recoveryCodes(),
                storage.transactions(),
                hashing,
                failures,
                auditor,
                clock));
    this.login =
        new PasswordLogin(
            new PasswordLogin.Dependencies(
                storage.accounts(),
                storage.tokens(),
                storage.transactions(),
                hashing,
                totpSecrets,
                policy,
                mint,
                failures,
                auditor,
                clock,
                recoveryCodes),
            settings.loginTokenTtl(),
            settings.loginRatePerSecond(),
            settings.loginBurst());
    this.sessions =
        new Sessions(
            new Sessions.Dependencies(
                validator,
                mint,
                storage.tokens(),
                storage.accounts(),
                policy,
                storage.transactions(),
                auditor,
                clock),
            settings.loginTokenTtl(),
            settings.maxSessionLifetime());
    this.tokenAdmin =
        new TokenAdministration(
            mint,
            storage.tokens(),
            storage.accounts(),
            storage.transactions(),
            auditor,
            clock,
            settings.serviceTokenTtl());
    this.accounts =
        new AccountAdministration(
            storage.accounts(), storage.tokens(), storage.transactions(), hashing, auditor, clock);
    this.totp =
        new TotpEnrolments(
            storage.accounts(),
            storage.tokens(),
            storage.transactions(),
            hashing,
            totpSecrets,
            failures,
            auditor,
            clock);
    this.loginPolicy =
        new LoginPolicyAdministration(storage.policyRules(), storage.transactions(), auditor);
    this.audit = new AuditReading(storage.audit());
    this.profile =
        new OwnAccount(
            storage.accounts(),
            storage.tokens(),
            storage.transactions(),
            hashing,
            failures,
            auditor,
            clock);
    this.ssoClients =
        new SsoClientAdministration(
            storage.ssoClients(), storage.transactions(), auditor, clock, settings.audience());
    this.sso =
        new SsoAuthorization(
            new SsoAuthorization.Dependencies(
                storage.ssoClients(),
                storage.authorizationCodes(),
                storage.accounts(),
                storage.tokens(),
                storage.transactions(),
                policy,
                mint,
                auditor,
                clock),
            settings.loginTokenTtl());
    this.passkeys =
        new Passkeys(
            new Passkeys.Dependencies(
                storage.accounts(),
                storage.passkeys(),
                storage.tokens(),
                storage.transactions(),
                policy,
                mint,
                failures,
                auditor,
                clock),
            passkeyVerifier,
            settings.loginTokenTtl(),
            settings.loginRatePerSecond(),
            settings.loginBurst());
  }

  /**
   * Opens the core over {@code storage}. On an empty database this creates the KDF salt and the
   * signing key (sealed under the master key) and seeds the login policy's default rule. The caller
   * still owns {@code masterKey} and should wipe it once this returns.
   *
   * <p>This core has no WebAuthn verifier: passkey ceremonies answer 503 "passkeys are not
   * configured". {@link #open(IdentityStorage, IdentitySettings, PasskeyVerifier, MasterKeySource,
   * Clock)} takes one.
   *
   * @throws MasterKeyException when the master key does not open this database (nothing is written
   *     in that case)
   */
  public static IdentityCore open(
      IdentityStorage storage, IdentitySettings settings, MasterKeySource masterKey, Clock clock) {
    return open(storage, settings, null, masterKey, clock);
  }

  /**
   * Like {@link #open(IdentityStorage, IdentitySettings, MasterKeySource, Clock)}, with the
   * WebAuthn ceremony checks passkeys run on (the {@code adapters-webauthn} module's {@code
   * YubicoPasskeyVerifier}, bound to a relying party id and origins).
   *
   * @param passkeys the verifier, or null for a core without passkeys
   */
  public static IdentityCore open(
      IdentityStorage storage,
      IdentitySettings settings,
      PasskeyVerifier passkeys,
      MasterKeySource masterKey,
      Clock clock) {
    return open(storage, settings, passkeys, masterKey, clock, Telemetry.NONE);
  }

  /**
   * Like {@link #open(IdentityStorage, IdentitySettings, PasskeyVerifier, MasterKeySource, Clock)},
   * reporting sign-ins, lockouts and tokens to {@code telemetry} (a server's metrics).
   */
  public static IdentityCore open(
      IdentityStorage storage,
      IdentitySettings settings,
      PasskeyVerifier passkeys,
      MasterKeySource masterKey,
      Clock clock,
      Telemetry telemetry) {
    Objects.requireNonNull(telemetry, "telemetry");
    Objects.requireNonNull(storage, "storage");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(clock, "clock");
    IdentityKeys keys =
        MasterKeyOpening.open(
            storage.settings(), storage.transactions(), settings.masterKeyKdf(), masterKey);
    try {
      LoginPolicy.seedOnce(
          storage.settings(),
          storage.policyRules(),
          storage.transactions(),
          new Auditor(storage.audit(), clock));
      return new IdentityCore(storage, settings, passkeys, keys, clock, telemetry);
    } catch (RuntimeException e) {
      keys.close();
      throw e;
    }
  }

  /** Every inbound port, as the doors take them (each one refusal-audited, as below). */
  public IdentityUseCases useCases() {
    return new IdentityUseCases(
        login(),
        sessions(),
        tokens(),
        tokenAdmin(),
        accounts(),
        totp(),
        loginPolicy(),
        audit(),
        ssoClients(),
        sso(),
        passkeys(),
        profile(),
        recoveryCodes());
  }

  public LoginUseCase login() {
    return audited(LoginUseCase.class, login, Spec.of("login"));
  }

  public SessionUseCase sessions() {
    return audited(SessionUseCase.class, sessions, Spec.of("sessions"));
  }

  public TokenValidationUseCase tokens() {
    return audited(TokenValidationUseCase.class, tokens, TOKENS);
  }

  public TokenAdminUseCase tokenAdmin() {
    return audited(TokenAdminUseCase.class, tokenAdmin, Spec.of("tokenAdmin"));
  }

  public AccountUseCase accounts() {
    return audited(AccountUseCase.class, accounts, Spec.of("accounts"));
  }

  public TotpUseCase totp() {
    return audited(TotpUseCase.class, totp, TOTP);
  }

  public PolicyAdminUseCase loginPolicy() {
    return audited(PolicyAdminUseCase.class, loginPolicy, Spec.of("loginPolicy"));
  }

  public AuditUseCase audit() {
    return audited(AuditUseCase.class, audit, Spec.of("audit"));
  }

  /** A person's own account: see it, change its password (the web UI's profile page). */
  public ProfileUseCase profile() {
    return audited(ProfileUseCase.class, profile, PROFILE);
  }

  /** Admin CRUD of SSO clients. */
  public SsoClientAdminUseCase ssoClients() {
    return audited(SsoClientAdminUseCase.class, ssoClients, Spec.of("ssoClients"));
  }

  /** The SSO authorization-code flow. */
  public SsoUseCase sso() {
    return audited(SsoUseCase.class, sso, Spec.of("sso"));
  }

  /** Passkey (WebAuthn) registration, sign-in and management. */
  public PasskeyUseCase passkeys() {
    return audited(PasskeyUseCase.class, passkeys, Spec.of("passkeys"));
  }

  /**
   * How ports audit their refusals beyond the default (refusals of authenticated calls). Token
   * authentication is every door's check of a protected request: its refusals are recorded without
   * a caller, bounded. A wrong current password on the profile or TOTP enrolment is recorded
   * already, by the lockout bookkeeping ({@code login_failure}).
   */
  private static final Spec TOKENS = new Spec("tokens", Set.of("authenticate"), Set.of());

  private static final Spec PROFILE = new Spec("profile", Set.of(), Set.of("changePassword:401"));

  private static final Spec TOTP = new Spec("totp", Set.of(), Set.of("enrol:401"));

  private static final Spec RECOVERY_CODES =
      new Spec("recoveryCodes", Set.of(), Set.of("generate:401"));

  /** The port behind its refusal-auditing proxy; one proxy per port for the core's life. */
  private <T> T audited(Class<T> port, T raw, Spec spec) {
    return port.cast(
        audited.computeIfAbsent(port, p -> RefusalAuditing.wrap(port, raw, spec, refusals)));
  }

  /**
   * How many Argon2 password computations this core has run (verifications, dummy verifications,
   * new hashes): the cost a login storm imposes, which the lockout bounds.
   */
  public long passwordHashesComputed() {
    return hashing.computed();
  }

  /** Single-use recovery codes for accounts with TOTP or passkeys. */
  public RecoveryCodeUseCase recoveryCodes() {
    return audited(RecoveryCodeUseCase.class, recoveryCodes, RECOVERY_CODES);
  }

  /**
   * The block memory password hashes borrow: one Argon2 set per permitted concurrent hash at most;
   * its counters show how many sets a login storm made.
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
