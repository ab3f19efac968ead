package dev.metacircular.domain.identity;

import dev.metacircular.crypto.Argon2Parameters;
import dev.metacircular.domain.time.ManualClock;
import dev.metacircular.ports.audit.AuditEvent;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.identity.Account;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.in.CreateAccountCommand;
import dev.metacircular.ports.identity.in.LoginCommand;
import dev.metacircular.ports.identity.out.StoredAccount;
import dev.metacircular.webauthn.PasskeySettings;
import dev.metacircular.webauthn.YubicoPasskeyVerifier;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * An identity core over in-memory storage, a manual clock and the cheapest Argon2 cost OWASP
 * allows, with helpers to create accounts and log in.
 */
final class IdentityFixture implements AutoCloseable {

  static final Instant START = Instant.parse("2026-03-11T10:00:00Z");
  static final String ISSUER = "https://mcias.test";
  static final String PASSPHRASE = "correct horse battery staple";
  static final String PASSWORD = "a long enough password";
  static final String ADDRESS = "192.0.2.10";

  final IdentityStorage storage;
  final ManualClock clock;
  final IdentitySettings settings;
  final IdentityCore core;
  final Caller tool = Caller.offlineTool("mciasdb");

  private IdentityFixture(IdentityStorage storage, ManualClock clock, IdentitySettings settings) {
    this.storage = storage;
    this.clock = clock;
    this.settings = settings;
    // The real WebAuthn checks (adapters-webauthn, test scope), bound to localhost.
    this.core =
        IdentityCore.open(
            storage,
            settings,
            new YubicoPasskeyVerifier(PasskeySettings.localhost(), clock),
            passphrase(),
            clock);
  }

  static IdentitySettings cheap(IdentitySettings s) {
    return s.withPasswordHashing(Argon2Parameters.OWASP_MINIMUM)
        .withMasterKeyKdf(Argon2Parameters.OWASP_MINIMUM)
        // Generous, so tests that log in often are not rate limited; RateLimitTest sets its own.
        .withLoginRate(1_000, 1_000);
  }

  static IdentityFixture create() {
    return create(UnaryOperator.identity());
  }

  static IdentityFixture create(UnaryOperator<IdentitySettings> tuning) {
    return new IdentityFixture(
        IdentityStorage.inMemory(),
        new ManualClock(START),
        tuning.apply(cheap(IdentitySettings.defaults(ISSUER))));
  }

  static IdentityFixture over(
      IdentityStorage storage, ManualClock clock, UnaryOperator<IdentitySettings> tuning) {
    return new IdentityFixture(
        storage, clock, tuning.apply(cheap(IdentitySettings.defaults(ISSUER))));
  }

  /** The offline tool, which may administer any database. */
  static Caller caller() {
    return Caller.offlineTool("mciasdb");
  }

  static CreateAccountCommand systemAccount() {
    return new CreateAccountCommand("ci-runner", AccountType.SYSTEM, null, Set.of(Role.USER));
  }

  static MasterKeySource passphrase() {
    return new MasterKeySource.Passphrase(PASSPHRASE.toCharArray());
  }

  Account human(String username, Role... roles) {
    return core.accounts()
        .create(
            tool,
            new CreateAccountCommand(
                username, AccountType.HUMAN, PASSWORD.toCharArray(), Set.of(roles)));
  }

  Account system(String username) {
    return core.accounts()
        .create(
            tool, new CreateAccountCommand(username, AccountType.SYSTEM, null, Set.of(Role.USER)));
  }

  IssuedToken login(String username) {
    return login(username, PASSWORD, null);
  }

  IssuedToken login(String username, String password, String totpCode) {
    return core.login().login(command(username, password, totpCode, ADDRESS));
  }

  static LoginCommand command(String username, String password, String totpCode, String address) {
    return new LoginCommand(username, password.toCharArray(), totpCode, null, null, address);
  }

  /** The caller a fresh login of this account stands for. */
  Caller callerFor(String username) {
    return core.tokens().authenticate(login(username).token(), ADDRESS);
  }

  /** An admin who logged in through the core, with a real account id. */
  Caller admin() {
    if (storage.accounts().findByUsername("root").isEmpty()) {
      human("root", Role.ADMIN);
    }
    return callerFor("root");
  }

  StoredAccount stored(UUID id) {
    return storage.accounts().findById(id).orElseThrow();
  }

  List<AuditEvent> auditEvents() {
    return storage.audit().tail(10_000);
  }

  List<AuditEvent> auditEvents(String type) {
    return auditEvents().stream().filter(e -> e.type().equals(type)).toList();
  }

  @Override
  public void close() {
    core.close();
  }
}
