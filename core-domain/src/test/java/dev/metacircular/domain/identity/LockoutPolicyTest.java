package dev.metacircular.domain.identity;

import static dev.metacircular.domain.identity.IdentityFixture.ADDRESS;
import static dev.metacircular.domain.identity.IdentityFixture.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.metacircular.crypto.Base32;
import dev.metacircular.crypto.Totp;
import dev.metacircular.domain.identity.account.LoginFailures;
import dev.metacircular.ports.audit.IdentityAuditTypes;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.Account;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.TotpEnrolment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The lockout that cannot be abused: failures from unknown sources lock only unknown sources, a
 * known source keeps its own budget, a locked attempt costs no hash, concurrent attempts never
 * overshoot, and password + TOTP still signs in during a lock.
 */
class LockoutPolicyTest {

  private static final String WRONG = "not the password at all";
  private final IdentityFixture f = IdentityFixture.create();

  @AfterEach
  void close() {
    f.close();
  }

  private IssuedToken loginFrom(String address, String password, String code) {
    return f.core.login().login(IdentityFixture.command("alice", password, code, address));
  }

  private static String attacker(int i) {
    return "198.51.100." + (i % 250 + 1);
  }

  /** Spends the unknown sources' budget from many addresses. */
  private void lockForUnknownSources() {
    for (int i = 0; i < f.settings.lockoutThreshold(); i++) {
      int n = i;
      assertThatThrownBy(() -> loginFrom(attacker(n), WRONG, null))
          .isInstanceOf(DomainException.Unauthenticated.class);
    }
  }

  @Test
  void failuresFromEverywhereElseNeverLockTheOwnerOutOfAKnownSource() {
    Account alice = f.human("alice", Role.USER);
    f.login("alice"); // ADDRESS becomes a known source
    lockForUnknownSources();
    long hashes = f.core.passwordHashesComputed();

    for (int i = 0; i < 500; i++) {
      int n = i;
      var locked =
          catchThrowableOfType(
              () -> loginFrom(attacker(n), PASSWORD, null), DomainException.TooManyRequests.class);
      assertThat(locked).hasMessage("account locked");
    }
    // Refused without hashing: the right password did not even get checked.
    assertThat(f.core.passwordHashesComputed()).isEqualTo(hashes);

    assertThat(f.login("alice").token()).isNotBlank();
    // The owner's success gives the attackers no fresh budget.
    assertThat(f.stored(alice.id()).lockedUntil()).isNotNull();
    assertThatThrownBy(() -> loginFrom(attacker(7), WRONG, null))
        .isInstanceOf(DomainException.TooManyRequests.class);
    assertThat(f.auditEvents(IdentityAuditTypes.ACCOUNT_LOCKED))
        .singleElement()
        .satisfies(e -> assertThat(e.details()).containsEntry("scope", "unknown_sources"));
    assertThat(f.auditEvents(IdentityAuditTypes.LOGIN_FAILURE))
        .filteredOn(e -> "account_locked".equals(e.details().get("reason")))
        .hasSize(501);
  }

  @Test
  void concurrentWrongPasswordsNeverCheckMoreThanTheBudget() throws Exception {
    f.human("alice", Role.USER);
    long before = f.core.passwordHashesComputed();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<Class<?>>> results = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        int n = i;
        Callable<Class<?>> attempt =
            () -> {
              try {
                loginFrom(attacker(n), WRONG, null);
                return Void.class;
              } catch (DomainException e) {
                return e.getClass();
              }
            };
        results.add(pool.submit(attempt));
      }
      int wrong = 0;
      int locked = 0;
      for (Future<Class<?>> r : results) {
        Class<?> outcome = r.get();
        if (outcome == DomainException.Unauthenticated.class) {
          wrong++;
        } else if (outcome == DomainException.TooManyRequests.class) {
          locked++;
        }
      }
      assertThat(wrong).isEqualTo(f.settings.lockoutThreshold());
      assertThat(locked).isEqualTo(64 - f.settings.lockoutThreshold());
    } finally {
      pool.shutdownNow();
    }
    assertThat(f.core.passwordHashesComputed() - before).isEqualTo(f.settings.lockoutThreshold());
    assertThat(f.auditEvents(IdentityAuditTypes.ACCOUNT_LOCKED)).hasSize(1);
  }

  @Test
  void aKnownSourceHasItsOwnSmallBudgetAndItsLockIsItsOwn() {
    Account alice = f.human("alice", Role.USER);
    f.login("alice");
    int budget = f.settings.lockout().knownSourceBudget();
    for (int i = 0; i < budget; i++) {
      assertThatThrownBy(() -> f.login("alice", WRONG, null))
          .isInstanceOf(DomainException.Unauthenticated.class);
    }
    assertThatThrownBy(() -> f.login("alice"))
        .isInstanceOf(DomainException.TooManyRequests.class)
        .hasMessage("account locked");
    assertThat(f.auditEvents(IdentityAuditTypes.ACCOUNT_LOCKED))
        .singleElement()
        .satisfies(e -> assertThat(e.details()).containsEntry("scope", "known_source"));
    // Unknown sources are not locked by the known source's failures.
    assertThat(f.stored(alice.id()).lockedUntil()).isNull();
    assertThat(loginFrom("203.0.113.9", PASSWORD, null).token()).isNotBlank();
  }

  @Test
  void attemptsThatAreNotFailuresGiveTheirSlotBack() {
    Account alice = f.human("alice", Role.USER);
    Caller caller = f.callerFor("alice");
    TotpEnrolment enrolment = f.core.totp().enrol(caller, PASSWORD.toCharArray());
    byte[] secret = Base32.decode(enrolment.secretBase32());
    f.core.totp().confirm(caller, Totp.code(secret, Totp.step(f.clock.instant())));

    // The right password without a code, again and again from a new place: "totp required",
    // never a failure, never a lock.
    for (int i = 0; i < 3 * f.settings.lockoutThreshold(); i++) {
      int n = i;
      assertThatThrownBy(() -> loginFrom(attacker(n), PASSWORD, null))
          .isInstanceOf(DomainException.Unauthenticated.class)
          .hasMessage("totp required");
    }
    assertThat(f.stored(alice.id()).failedLogins()).isZero();
    assertThat(f.stored(alice.id()).lockedUntil()).isNull();
  }

  @Test
  void duringALockPasswordPlusTotpStillSignsInAndAWrongCodeCostsNoHash() {
    Account alice = f.human("alice", Role.USER);
    Caller caller = f.callerFor("alice");
    TotpEnrolment enrolment = f.core.totp().enrol(caller, PASSWORD.toCharArray());
    byte[] secret = Base32.decode(enrolment.secretBase32());
    f.core.totp().confirm(caller, Totp.code(secret, Totp.step(f.clock.instant())));
    f.clock.advance(Duration.ofSeconds(30));
    lockForUnknownSources();
    String newPlace = "203.0.113.50";
    long hashes = f.core.passwordHashesComputed();

    // No code: asked for one, nothing hashed.
    assertThatThrownBy(() -> loginFrom(newPlace, PASSWORD, null))
        .isInstanceOf(DomainException.Unauthenticated.class)
        .hasMessage("totp required");
    // A wrong code: refused before the password is looked at.
    String wrongCode = Totp.code(secret, Totp.step(f.clock.instant()) + 5);
    for (int i = 0; i < 50; i++) {
      int n = i;
      assertThatThrownBy(() -> loginFrom(attacker(n), PASSWORD, wrongCode))
          .isInstanceOf(DomainException.Unauthenticated.class)
          .hasMessage("invalid credentials");
    }
    assertThat(f.core.passwordHashesComputed()).isEqualTo(hashes);

    // The owner, with both factors, from a place never seen before.
    String code = Totp.code(secret, Totp.step(f.clock.instant()));
    assertThat(loginFrom(newPlace, PASSWORD, code).token()).isNotBlank();
    assertThat(f.core.passwordHashesComputed()).isEqualTo(hashes + 1);
    assertThat(f.stored(alice.id()).failedLogins()).isZero();
  }

  @Test
  void theCorrectCodeWithAWrongPasswordDuringALockSpendsTheCode() {
    f.human("alice", Role.USER);
    Caller caller = f.callerFor("alice");
    TotpEnrolment enrolment = f.core.totp().enrol(caller, PASSWORD.toCharArray());
    byte[] secret = Base32.decode(enrolment.secretBase32());
    f.core.totp().confirm(caller, Totp.code(secret, Totp.step(f.clock.instant())));
    f.clock.advance(Duration.ofSeconds(30));
    lockForUnknownSources();
    String code = Totp.code(secret, Totp.step(f.clock.instant()));

    assertThatThrownBy(() -> loginFrom(attacker(1), WRONG, code))
        .isInstanceOf(DomainException.Unauthenticated.class);
    // The code, once seen, cannot be tried with another password.
    assertThatThrownBy(() -> loginFrom(attacker(2), PASSWORD, code))
        .isInstanceOf(DomainException.Unauthenticated.class);
    assertThat(f.auditEvents(IdentityAuditTypes.TOTP_REPLAY)).hasSize(1);
  }

  @Test
  void anAttemptedUsernameIsAuditedOnlyWhenSuchAnAccountExists() {
    f.human("alice", Role.USER);
    String typedIntoTheWrongField = "hunter2-my-real-password";
    assertThatThrownBy(
            () ->
                f.core
                    .login()
                    .login(IdentityFixture.command(typedIntoTheWrongField, WRONG, null, ADDRESS)))
        .isInstanceOf(DomainException.Unauthenticated.class);
    assertThatThrownBy(() -> f.login("alice", WRONG, null))
        .isInstanceOf(DomainException.Unauthenticated.class);

    assertThat(f.auditEvents())
        .noneSatisfy(e -> assertThat(e.toString()).contains(typedIntoTheWrongField));
    assertThat(f.auditEvents(IdentityAuditTypes.LOGIN_FAILURE))
        .extracting(e -> e.actor())
        .containsExactly(LoginFailures.UNKNOWN_USERNAME, "alice");
  }

  @Test
  void aNewPasswordSetByAnAdminLiftsTheLock() {
    Account alice = f.human("alice", Role.USER);
    lockForUnknownSources();
    f.core.accounts().setPassword(f.tool, alice.id(), "a brand new password".toCharArray());
    assertThat(loginFrom(attacker(3), "a brand new password", null).token()).isNotBlank();
  }
}
