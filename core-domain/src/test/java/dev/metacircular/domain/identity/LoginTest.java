package dev.metacircular.domain.identity;

import static dev.metacircular.domain.identity.IdentityFixture.ADDRESS;
import static dev.metacircular.domain.identity.IdentityFixture.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.metacircular.crypto.Argon2Parameters;
import dev.metacircular.domain.memory.InMemoryStorage;
import dev.metacircular.domain.time.ManualClock;
import dev.metacircular.ports.audit.AuditEvent;
import dev.metacircular.ports.audit.AuditFilter;
import dev.metacircular.ports.audit.ChainedEntry;
import dev.metacircular.ports.audit.IdentityAuditTypes;
import dev.metacircular.ports.audit.out.AuditLog;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.Account;
import dev.metacircular.ports.identity.AccountStatus;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.TokenValidation;
import dev.metacircular.ports.identity.in.UpdateAccountCommand;
import dev.metacircular.ports.identity.out.LoginSource;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LoginTest {

  private final IdentityFixture f =
      IdentityFixture.create(s -> s.withLockout(3, Duration.ofMinutes(15)));

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void aRightPasswordGivesAValidTokenForTheAccount() {
    Account alice = f.human("alice", Role.USER);

    IssuedToken token = f.login("alice");

    assertThat(token.expiresAt()).isEqualTo(IdentityFixture.START.plus(Duration.ofHours(12)));
    TokenValidation v = f.core.tokens().validate(token.token());
    assertThat(v).isInstanceOf(TokenValidation.Valid.class);
    var claims = ((TokenValidation.Valid) v).claims();
    assertThat(claims.accountId()).isEqualTo(alice.id());
    assertThat(claims.username()).isEqualTo("alice");
    assertThat(claims.roles()).containsExactly(Role.USER);
    assertThat(claims.jti()).isEqualTo(token.jti());
    assertThat(f.auditEvents(IdentityAuditTypes.LOGIN_SUCCESS)).hasSize(1);
    assertThat(f.auditEvents(IdentityAuditTypes.TOKEN_ISSUED))
        .anySatisfy(e -> assertThat(e.subject()).isEqualTo(token.jti()));
  }

  @Test
  void aWrongPasswordAndAnUnknownUserAreAnsweredAlike() {
    f.human("alice", Role.USER);

    Throwable wrong =
        catchThrowableOfType(
            () -> f.login("alice", "not the password at all", null), RuntimeException.class);
    Throwable unknown =
        catchThrowableOfType(
            () -> f.login("mallory", "not the password at all", null), RuntimeException.class);

    assertThat(wrong)
        .isExactlyInstanceOf(DomainException.Unauthenticated.class)
        .hasMessage("invalid credentials");
    assertThat(unknown).isExactlyInstanceOf(wrong.getClass()).hasMessage(wrong.getMessage());
    assertThat(f.auditEvents(IdentityAuditTypes.LOGIN_FAILURE)).hasSize(2);
  }

  @Test
  void inactiveDeletedAndSystemAccountsCannotLogInEvenWithTheRightPassword() {
    Account bob = f.human("bob", Role.USER);
    Account carol = f.human("carol", Role.USER);
    f.system("ci-runner");
    f.core
        .accounts()
        .update(f.tool, bob.id(), new UpdateAccountCommand(AccountStatus.INACTIVE, null));
    f.core.accounts().delete(f.tool, carol.id());

    for (String name : List.of("bob", "carol", "ci-runner")) {
      assertThatThrownBy(() -> f.login(name))
          .isExactlyInstanceOf(DomainException.Unauthenticated.class)
          .hasMessage("invalid credentials");
    }
  }

  @Test
  void theAccountLocksAtTheThresholdAndUnlocksWhenTheLockRunsOut() {
    Account alice = f.human("alice", Role.USER);
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> f.login("alice", "wrong password here", null))
          .isInstanceOf(DomainException.Unauthenticated.class);
    }
    assertThat(f.auditEvents(IdentityAuditTypes.ACCOUNT_LOCKED)).hasSize(1);
    assertThat(f.stored(alice.id()).lockedUntil())
        .isEqualTo(IdentityFixture.START.plus(Duration.ofMinutes(15)));

    // Locked: even the right password is refused, without being checked.
    var locked =
        catchThrowableOfType(() -> f.login("alice"), DomainException.TooManyRequests.class);
    assertThat(locked).hasMessage("account locked");
    assertThat(locked.retryAfter()).isEqualTo(Duration.ofMinutes(15));

    f.clock.advance(Duration.ofMinutes(10));
    var stillLocked =
        catchThrowableOfType(() -> f.login("alice"), DomainException.TooManyRequests.class);
    assertThat(stillLocked.retryAfter()).isEqualTo(Duration.ofMinutes(5));

    f.clock.advance(Duration.ofMinutes(5));
    assertThat(f.login("alice").token()).isNotBlank();
    assertThat(f.stored(alice.id()).failedLogins()).isZero();
    assertThat(f.stored(alice.id()).lockedUntil()).isNull();
  }

  @Test
  void afterALockRunsOutANewWindowStartsButConsecutiveFailuresStillCount() {
    Account alice = f.human("alice", Role.USER);
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> f.login("alice", "wrong password here", null))
          .isInstanceOf(DomainException.Unauthenticated.class);
    }
    f.clock.advance(Duration.ofMinutes(16));

    assertThatThrownBy(() -> f.login("alice", "wrong password here", null))
        .isInstanceOf(DomainException.Unauthenticated.class);

    // The window budget starts again; the consecutive count (NIST's 100 cap) does not.
    assertThat(
            f.storage
                .loginSources()
                .find(alice.id(), LoginSource.UNKNOWN_SOURCES)
                .orElseThrow()
                .windowFailures())
        .isEqualTo(1);
    assertThat(f.stored(alice.id()).failedLogins()).isEqualTo(4);
    assertThat(f.stored(alice.id()).lockedUntil()).isNull();
  }

  @Test
  void aSuccessfulLoginResetsTheFailureCounter() {
    Account alice = f.human("alice", Role.USER);
    assertThatThrownBy(() -> f.login("alice", "wrong password here", null))
        .isInstanceOf(DomainException.Unauthenticated.class);
    assertThat(f.stored(alice.id()).failedLogins()).isEqualTo(1);

    f.login("alice");

    assertThat(f.stored(alice.id()).failedLogins()).isZero();
  }

  @Test
  void aServiceNameBecomesTheAudienceAndIsAudited() {
    f.human("alice", Role.USER);

    var issued =
        f.core
            .login()
            .login(
                new dev.metacircular.ports.identity.in.LoginCommand(
                    "alice",
                    PASSWORD.toCharArray(),
                    null,
                    "metacrypt",
                    List.of("env:prod"),
                    ADDRESS));

    var validation = f.core.tokens().validate(issued.token());
    assertThat(validation)
        .isInstanceOfSatisfying(
            dev.metacircular.ports.identity.TokenValidation.Valid.class,
            v -> assertThat(v.claims().audience()).isEqualTo("metacrypt"));
    AuditEvent success = f.auditEvents(IdentityAuditTypes.LOGIN_SUCCESS).get(0);
    assertThat(success.details()).containsEntry("service", "metacrypt");
    assertThat(success.sourceAddress()).isEqualTo(ADDRESS);
  }

  @Test
  void aHashBelowTheConfiguredCostIsUpgradedOnLogin() {
    Account alice = f.human("alice", Role.USER);
    String before = f.stored(alice.id()).passwordHash();
    Argon2Parameters stronger = new Argon2Parameters(3, 19456, 1);
    try (IdentityFixture upgraded =
        IdentityFixture.over(f.storage, f.clock, s -> s.withPasswordHashing(stronger))) {

      upgraded.login("alice");

      String after = upgraded.stored(alice.id()).passwordHash();
      assertThat(after).isNotEqualTo(before).contains("t=3");
      assertThat(upgraded.login("alice").token()).isNotBlank();
    }
  }

  @Test
  void noAuditEntryEverContainsAPassword() {
    Account alice = f.human("alice", Role.USER);
    String wrong = "a wrong but distinctive password";
    assertThatThrownBy(() -> f.login("alice", wrong, null))
        .isInstanceOf(DomainException.Unauthenticated.class);
    assertThatThrownBy(() -> f.login("nobody", wrong, null))
        .isInstanceOf(DomainException.Unauthenticated.class);
    f.login("alice");
    String newPassword = "an entirely new password";
    f.core.accounts().setPassword(f.tool, alice.id(), newPassword.toCharArray());
    f.core
        .accounts()
        .update(
            f.tool,
            alice.id(),
            new UpdateAccountCommand(null, "yet another new password".toCharArray()));

    List<AuditEvent> events =
        f.core.audit().query(f.tool, new AuditFilter(null, null, null, AuditFilter.MAX_LIMIT));
    assertThat(events).isNotEmpty();
    for (AuditEvent e : events) {
      String everything =
          String.join(
              "|", e.type(), e.actor(), e.subject(), e.sourceAddress(), e.details().toString());
      assertThat(everything)
          .doesNotContain(
              PASSWORD, wrong, newPassword, "yet another new password", IdentityFixture.PASSPHRASE);
    }
    assertThat(events)
        .extracting(AuditEvent::type)
        .contains(
            IdentityAuditTypes.ACCOUNT_CREATED,
            IdentityAuditTypes.LOGIN_FAILURE,
            IdentityAuditTypes.LOGIN_SUCCESS,
            IdentityAuditTypes.TOKEN_ISSUED,
            IdentityAuditTypes.PASSWORD_CHANGED);
  }

  @Test
  void whenTheAuditLogCannotBeWrittenLoginFailsAndNoTokenIsStored() {
    InMemoryStorage db = InMemoryStorage.create();
    AtomicBoolean failing = new AtomicBoolean(false);
    AuditLog flaky =
        new AuditLog() {
          @Override
          public AuditEvent append(AuditEvent event) {
            if (failing.get()) {
              throw new IllegalStateException("disk full");
            }
            return db.audit().append(event);
          }

          @Override
          public List<AuditEvent> query(AuditFilter filter) {
            return db.audit().query(filter);
          }

          @Override
          public List<AuditEvent> tail(int n) {
            return db.audit().tail(n);
          }

          @Override
          public void readChain(java.util.function.Consumer<ChainedEntry> sink) {
            db.audit().readChain(sink);
          }
        };
    IdentityStorage storage =
        new IdentityStorage(
            db.accounts(),
            db.tokens(),
            flaky,
            db.policyRules(),
            db.settings(),
            db.transactions(),
            db.ssoClients(),
            db.authorizationCodes(),
            db.passkeys(),
            db.loginSources(),
            db.recoveryCodes());
    try (IdentityFixture g =
        IdentityFixture.over(storage, new ManualClock(IdentityFixture.START), s -> s)) {
      Account alice = g.human("alice", Role.USER);
      failing.set(true);

      assertThatThrownBy(() -> g.login("alice")).hasMessage("disk full");

      assertThat(db.tokens().listForAccount(alice.id())).isEmpty();
      assertThat(g.stored(alice.id()).failedLogins()).isZero();
    }
  }
}
