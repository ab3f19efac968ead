package dev.metacircular.domain.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.ports.audit.AuditEvent;
import dev.metacircular.ports.audit.IdentityAuditTypes;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.Account;
import dev.metacircular.ports.identity.AccountStatus;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.in.CreateAccountCommand;
import dev.metacircular.ports.identity.in.UpdateAccountCommand;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AccountAdministrationTest {

  private final IdentityFixture f =
      IdentityFixture.create(s -> s.withLockout(2, Duration.ofMinutes(15)));
  private Caller admin;

  @BeforeEach
  void admin() {
    admin = f.admin();
  }

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void createStoresAHashNotThePasswordAndAuditsTheNewAccount() {
    Account alice =
        f.core
            .accounts()
            .create(
                admin,
                new CreateAccountCommand(
                    "alice",
                    AccountType.HUMAN,
                    IdentityFixture.PASSWORD.toCharArray(),
                    Set.of(Role.USER)));

    assertThat(alice.status()).isEqualTo(AccountStatus.ACTIVE);
    assertThat(alice.roles()).containsExactly(Role.USER);
    assertThat(f.stored(alice.id()).passwordHash())
        .startsWith("$argon2id$")
        .doesNotContain(IdentityFixture.PASSWORD);
    AuditEvent created =
        f.auditEvents(IdentityAuditTypes.ACCOUNT_CREATED).stream()
            .filter(e -> e.subject().equals(alice.id().toString()))
            .findFirst()
            .orElseThrow();
    assertThat(created.actor()).isEqualTo(admin.accountId().toString());
    assertThat(created.details())
        .containsEntry("username", "alice")
        .containsEntry("account_type", "human")
        .containsEntry("roles", "user");
  }

  @Test
  void aTakenUsernameIsAConflict() {
    f.human("alice", Role.USER);

    assertThatThrownBy(() -> f.human("alice", Role.USER))
        .isInstanceOf(DomainException.Conflict.class);
  }

  @Test
  void listLeavesOutDeletedAccountsButGetStillFindsThem() {
    Account bob = f.human("bob", Role.USER);
    f.human("alice", Role.USER);

    f.core.accounts().delete(admin, bob.id());

    assertThat(f.core.accounts().list(admin))
        .extracting(Account::username)
        .containsExactly("alice", "root");
    assertThat(f.core.accounts().get(admin, bob.id()).status()).isEqualTo(AccountStatus.DELETED);
    assertThat(f.core.accounts().getByUsername(admin, "bob").id()).isEqualTo(bob.id());
    assertThat(f.auditEvents(IdentityAuditTypes.ACCOUNT_DELETED)).hasSize(1);
  }

  @Test
  void unknownAccountsAreNotFound() {
    UUID nobody = UUID.randomUUID();

    assertThatThrownBy(() -> f.core.accounts().get(admin, nobody))
        .isInstanceOf(DomainException.NotFound.class)
        .hasMessage("account not found");
    assertThatThrownBy(() -> f.core.accounts().getByUsername(admin, "nobody"))
        .isInstanceOf(DomainException.NotFound.class);
    assertThatThrownBy(() -> f.core.accounts().delete(admin, nobody))
        .isInstanceOf(DomainException.NotFound.class);
    assertThatThrownBy(() -> f.core.accounts().setRoles(admin, nobody, Set.of()))
        .isInstanceOf(DomainException.NotFound.class);
    assertThatThrownBy(
            () ->
                f.core
                    .accounts()
                    .update(admin, nobody, new UpdateAccountCommand(AccountStatus.INACTIVE, null)))
        .isInstanceOf(DomainException.NotFound.class);
  }

  @Test
  void deactivatingOrDeletingRevokesEveryTokenOfTheAccount() {
    Account alice = f.human("alice", Role.USER);
    IssuedToken t1 = f.login("alice");
    IssuedToken t2 = f.login("alice");

    Account updated =
        f.core
            .accounts()
            .update(admin, alice.id(), new UpdateAccountCommand(AccountStatus.INACTIVE, null));

    assertThat(updated.status()).isEqualTo(AccountStatus.INACTIVE);
    assertThat(f.storage.tokens().find(t1.jti()).orElseThrow().revoked()).isTrue();
    assertThat(f.storage.tokens().find(t2.jti()).orElseThrow().revoked()).isTrue();
    assertThat(f.auditEvents(IdentityAuditTypes.ACCOUNT_UPDATED))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.details())
                    .containsEntry("status", "inactive")
                    .containsEntry("tokens_revoked", "2"));

    f.core
        .accounts()
        .update(admin, alice.id(), new UpdateAccountCommand(AccountStatus.ACTIVE, null));
    IssuedToken t3 = f.login("alice");
    f.core.accounts().delete(admin, alice.id());
    assertThat(f.core.tokens().validate(t3.token()).valid()).isFalse();
  }

  @Test
  void changingRolesRevokesTokensSoNoneCarriesStaleRoles() {
    Account alice = f.human("alice", Role.ADMIN);
    IssuedToken adminToken = f.login("alice");

    Account demoted = f.core.accounts().setRoles(admin, alice.id(), Set.of(Role.USER));

    assertThat(demoted.roles()).containsExactly(Role.USER);
    assertThat(f.core.accounts().roles(admin, alice.id())).containsExactly(Role.USER);
    assertThat(f.core.tokens().validate(adminToken.token()).valid()).isFalse();
    assertThat(f.auditEvents(IdentityAuditTypes.ROLES_CHANGED))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.details())
                    .containsEntry("roles", "user")
                    .containsEntry("old_roles", "admin"));

    IssuedToken userToken = f.login("alice");
    f.core.accounts().setRoles(admin, alice.id(), Set.of(Role.USER));
    assertThat(f.core.tokens().validate(userToken.token()).valid())
        .as("setting the same roles changes nothing")
        .isTrue();
  }

  @Test
  void setPasswordReplacesTheHashAndClearsTheLockout() {
    Account alice = f.human("alice", Role.USER);
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> f.login("alice", "wrong password here", null))
          .isInstanceOf(DomainException.Unauthenticated.class);
    }
    assertThat(f.stored(alice.id()).lockedUntil()).isNotNull();

    f.core.accounts().setPassword(admin, alice.id(), "the brand new password".toCharArray());

    assertThat(f.stored(alice.id()).lockedUntil()).isNull();
    assertThat(f.stored(alice.id()).failedLogins()).isZero();
    assertThat(f.login("alice", "the brand new password", null).token()).isNotBlank();
    assertThatThrownBy(() -> f.login("alice")).isInstanceOf(DomainException.Unauthenticated.class);
    assertThatThrownBy(
            () -> f.core.accounts().setPassword(admin, alice.id(), "short".toCharArray()))
        .isInstanceOf(DomainException.InvalidInput.class);
  }

  @Test
  void updateCanChangeThePasswordToo() {
    Account alice = f.human("alice", Role.USER);

    f.core
        .accounts()
        .update(
            admin,
            alice.id(),
            new UpdateAccountCommand(null, "another fine password".toCharArray()));

    assertThat(f.login("alice", "another fine password", null).token()).isNotBlank();
    assertThat(f.auditEvents(IdentityAuditTypes.PASSWORD_CHANGED)).hasSize(1);
  }

  @Test
  void systemAccountsNeverGetAPassword() {
    Account ci = f.system("ci-runner");

    assertThatThrownBy(
            () ->
                f.core
                    .accounts()
                    .setPassword(admin, ci.id(), "a password for a robot".toCharArray()))
        .isInstanceOf(DomainException.InvalidInput.class);
    assertThatThrownBy(
            () ->
                f.core
                    .accounts()
                    .update(
                        admin,
                        ci.id(),
                        new UpdateAccountCommand(null, "a password for a robot".toCharArray())))
        .isInstanceOf(DomainException.InvalidInput.class);
    assertThat(f.stored(ci.id()).passwordHash()).isNull();
  }
}
