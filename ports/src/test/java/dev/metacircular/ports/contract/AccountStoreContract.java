package dev.metacircular.ports.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.AccountStatus;
import dev.metacircular.ports.identity.out.AccountStore;
import dev.metacircular.ports.identity.out.StoredAccount;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link AccountStore} must show. */
public abstract class AccountStoreContract extends StorageContract {

  private AccountStore store() {
    return fixture().accounts();
  }

  @Test
  void aNewStoreHasNoAccounts() {
    assertThat(store().list()).isEmpty();
    assertThat(store().findByUsername("alice")).isEmpty();
  }

  @Test
  void anInsertedAccountIsFoundByIdAndByUsernameWithEveryField() {
    StoredAccount alice = fullAccount("alice");
    store().insert(alice);

    assertSameAccount(store().findById(alice.id()).orElseThrow(), alice);
    assertSameAccount(store().findByUsername("alice").orElseThrow(), alice);
  }

  @Test
  void anAccountWithoutOptionalFieldsRoundTrips() {
    StoredAccount robot =
        new StoredAccount(
            UUID.randomUUID(),
            "deploy-bot",
            AccountType.SYSTEM,
            AccountStatus.ACTIVE,
            Set.of(),
            null,
            null,
            false,
            0,
            0,
            null,
            T0,
            T0);
    store().insert(robot);

    StoredAccount found = store().findById(robot.id()).orElseThrow();
    assertSameAccount(found, robot);
    assertThat(found.passwordHash()).isNull();
    assertThat(found.totpSecretSealed()).isNull();
    assertThat(found.lockedUntil()).isNull();
    assertThat(found.roles()).isEmpty();
  }

  @Test
  void everyRoleTypeAndStatusRoundTrips() {
    for (AccountStatus status : AccountStatus.values()) {
      for (AccountType type : AccountType.values()) {
        StoredAccount a =
            new StoredAccount(
                UUID.randomUUID(),
                "u-" + status.wireName() + "-" + type.wireName(),
                type,
                status,
                Set.of(Role.values()),
                PASSWORD_HASH,
                null,
                false,
                0,
                0,
                null,
                T0,
                T0);
        store().insert(a);
        assertSameAccount(store().findById(a.id()).orElseThrow(), a);
      }
    }
  }

  @Test
  void timestampsKeepAtLeastMillisecondPrecision() {
    StoredAccount alice = fullAccount("alice");
    store().insert(alice);

    StoredAccount found = store().findById(alice.id()).orElseThrow();
    assertThat(millis(found.createdAt())).isEqualTo("2025-06-01T10:15:30.123Z");
    assertThat(millis(found.updatedAt())).isEqualTo("2025-06-01T10:16:12.123Z");
    assertThat(millis(found.lockedUntil())).isEqualTo("2025-06-01T10:30:30.123Z");
  }

  @Test
  void theTotpSecretRoundTripsByContentAndTheStoreKeepsItsOwnCopy() {
    byte[] secret = allByteValues();
    StoredAccount alice = withSecret(account("alice"), secret);
    store().insert(alice);

    secret[0] = 99;
    byte[] read = store().findById(alice.id()).orElseThrow().totpSecretSealed();
    assertThat(read).isEqualTo(allByteValues());

    read[1] = 99;
    assertThat(store().findById(alice.id()).orElseThrow().totpSecretSealed())
        .isEqualTo(allByteValues());
  }

  @Test
  void usernamesMatchExactlyAndCaseSensitively() {
    store().insert(account("alice"));

    assertThat(store().findByUsername("Alice")).isEmpty();
    assertThat(store().findByUsername("alic")).isEmpty();
    assertThat(store().findByUsername("alice ")).isEmpty();
    assertThat(store().findByUsername("alice")).isPresent();
  }

  @Test
  void anUnknownIdIsNotFound() {
    store().insert(account("alice"));

    assertThat(store().findById(UUID.randomUUID())).isEmpty();
  }

  @Test
  void insertingATakenUsernameConflictsAndLeavesTheFirstAccountAlone() {
    StoredAccount first = account("alice");
    store().insert(first);

    assertThatThrownBy(() -> store().insert(fullAccount("alice")))
        .isInstanceOf(DomainException.Conflict.class)
        .hasMessage("username already exists");

    assertThat(store().list()).hasSize(1);
    assertSameAccount(store().findByUsername("alice").orElseThrow(), first);
  }

  @Test
  void aUsernameDifferingOnlyInCaseConflictsAndNamesTheExistingOne() {
    StoredAccount first = account("alice");
    store().insert(first);

    assertThatThrownBy(() -> store().insert(account("Alice")))
        .isInstanceOf(DomainException.Conflict.class)
        .hasMessage(
            "username Alice clashes with existing account alice"
                + " (usernames are unique ignoring case)");
    assertThatThrownBy(() -> store().insert(account("ALICE")))
        .isInstanceOf(DomainException.Conflict.class);
    assertThat(store().list()).extracting(StoredAccount::username).containsExactly("alice");
    assertThat(store().findByUsername("alice").orElseThrow().id()).isEqualTo(first.id());
  }

  @Test
  void renamingToAnotherSpellingOfATakenUsernameConflictsButAnAccountMayRecaseItsOwn() {
    StoredAccount alice = account("alice");
    StoredAccount bob = account("bob");
    store().insert(alice);
    store().insert(bob);

    assertThatThrownBy(() -> store().update(withUsername(bob, "ALICE")))
        .isInstanceOf(DomainException.Conflict.class)
        .hasMessage(
            "username ALICE clashes with existing account alice"
                + " (usernames are unique ignoring case)");
    assertSameAccount(store().findByUsername("bob").orElseThrow(), bob);

    store().update(withUsername(alice, "Alice"));
    assertThat(store().findByUsername("Alice").orElseThrow().id()).isEqualTo(alice.id());
  }

  @Test
  void theUsernameOfADeletedAccountStaysTaken() {
    StoredAccount deleted = withStatus(account("alice"), AccountStatus.DELETED);
    store().insert(deleted);

    assertThatThrownBy(() -> store().insert(account("alice")))
        .isInstanceOf(DomainException.Conflict.class)
        .hasMessage("username already exists");
    assertSameAccount(store().findByUsername("alice").orElseThrow(), deleted);
  }

  @Test
  void updateReplacesEveryField() {
    StoredAccount before = account("alice");
    store().insert(before);

    StoredAccount after =
        new StoredAccount(
            before.id(),
            "alice2",
            AccountType.SYSTEM,
            AccountStatus.INACTIVE,
            Set.of(Role.ADMIN),
            "$argon2id$v=19$m=65536,t=2,p=1$b3RoZXI$b3RoZXJoYXNo",
            new byte[] {1, 2, 3},
            true,
            1234,
            5,
            at(Duration.ofHours(1)),
            T0,
            at(Duration.ofDays(1)));
    store().update(after);

    assertSameAccount(store().findById(before.id()).orElseThrow(), after);
  }

  @Test
  void updateReplacesTheRolesInsteadOfAddingToThem() {
    StoredAccount alice = withRoles(account("alice"), Set.of(Role.ADMIN, Role.USER));
    store().insert(alice);

    store().update(withRoles(alice, Set.of(Role.GUEST)));
    assertThat(store().findById(alice.id()).orElseThrow().roles()).containsExactly(Role.GUEST);

    store().update(withRoles(alice, Set.of()));
    assertThat(store().findById(alice.id()).orElseThrow().roles()).isEmpty();

    store().update(withRoles(alice, Set.of(Role.USER, Role.ADMIN)));
    assertThat(store().findById(alice.id()).orElseThrow().roles())
        .containsExactlyInAnyOrder(Role.USER, Role.ADMIN);
  }

  @Test
  void updateCanClearAndSetTheNullableFields() {
    StoredAccount full = fullAccount("alice");
    store().insert(full);

    StoredAccount cleared =
        new StoredAccount(
            full.id(),
            full.username(),
            full.type(),
            AccountStatus.ACTIVE,
            full.roles(),
            null,
            null,
            false,
            0,
            0,
            null,
            full.createdAt(),
            at(Duration.ofMinutes(1)));
    store().update(cleared);
    StoredAccount read = store().findById(full.id()).orElseThrow();
    assertSameAccount(read, cleared);
    assertThat(read.passwordHash()).isNull();
    assertThat(read.totpSecretSealed()).isNull();
    assertThat(read.lockedUntil()).isNull();

    store().update(full);
    assertSameAccount(store().findById(full.id()).orElseThrow(), full);
  }

  @Test
  void updatingAMissingAccountIsNotFoundAndInsertsNothing() {
    StoredAccount ghost = account("ghost");

    assertThatThrownBy(() -> store().update(ghost)).isInstanceOf(DomainException.NotFound.class);
    assertThat(store().findById(ghost.id())).isEmpty();
    assertThat(store().findByUsername("ghost")).isEmpty();
    assertThat(store().list()).isEmpty();
  }

  @Test
  void updatingToAnotherAccountsUsernameConflicts() {
    StoredAccount alice = account("alice");
    StoredAccount bob = account("bob");
    store().insert(alice);
    store().insert(bob);

    assertThatThrownBy(() -> store().update(withUsername(bob, "alice")))
        .isInstanceOf(DomainException.Conflict.class);

    assertSameAccount(store().findByUsername("bob").orElseThrow(), bob);
    assertSameAccount(store().findByUsername("alice").orElseThrow(), alice);
  }

  @Test
  void updateCanRenameAnAccount() {
    StoredAccount alice = account("alice");
    store().insert(alice);

    store().update(withUsername(alice, "alicia"));

    assertThat(store().findByUsername("alice")).isEmpty();
    assertThat(store().findByUsername("alicia").orElseThrow().id()).isEqualTo(alice.id());
    assertThat(store().list()).hasSize(1);
  }

  @Test
  void listHoldsEveryAccountOrderedByUsernameDeletedOnesIncluded() {
    store().insert(account("carol"));
    store().insert(withStatus(account("alice"), AccountStatus.DELETED));
    store().insert(withStatus(account("dave"), AccountStatus.INACTIVE));
    store().insert(account("bob"));

    assertThat(store().list())
        .extracting(StoredAccount::username)
        .containsExactly("alice", "bob", "carol", "dave");
  }

  @Test
  void listReturnsCompleteAccounts() {
    StoredAccount full = fullAccount("alice");
    store().insert(full);

    assertSameAccount(store().list().get(0), full);
  }

  private static StoredAccount withSecret(StoredAccount a, byte[] secret) {
    return new StoredAccount(
        a.id(),
        a.username(),
        a.type(),
        a.status(),
        a.roles(),
        a.passwordHash(),
        secret,
        a.totpConfirmed(),
        a.totpLastStep(),
        a.failedLogins(),
        a.lockedUntil(),
        a.createdAt(),
        a.updatedAt());
  }

  private static StoredAccount withStatus(StoredAccount a, AccountStatus status) {
    return new StoredAccount(
        a.id(),
        a.username(),
        a.type(),
        status,
        a.roles(),
        a.passwordHash(),
        a.totpSecretSealed(),
        a.totpConfirmed(),
        a.totpLastStep(),
        a.failedLogins(),
        a.lockedUntil(),
        a.createdAt(),
        a.updatedAt());
  }

  private static StoredAccount withRoles(StoredAccount a, Set<Role> roles) {
    return new StoredAccount(
        a.id(),
        a.username(),
        a.type(),
        a.status(),
        roles,
        a.passwordHash(),
        a.totpSecretSealed(),
        a.totpConfirmed(),
        a.totpLastStep(),
        a.failedLogins(),
        a.lockedUntil(),
        a.createdAt(),
        a.updatedAt());
  }

  private static StoredAccount withUsername(StoredAccount a, String username) {
    return new StoredAccount(
        a.id(),
        username,
        a.type(),
        a.status(),
        a.roles(),
        a.passwordHash(),
        a.totpSecretSealed(),
        a.totpConfirmed(),
        a.totpLastStep(),
        a.failedLogins(),
        a.lockedUntil(),
        a.createdAt(),
        a.updatedAt());
  }
}
