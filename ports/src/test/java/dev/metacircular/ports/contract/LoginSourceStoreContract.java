package dev.metacircular.ports.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.out.LoginSource;
import dev.metacircular.ports.identity.out.LoginSourceStore;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link LoginSourceStore} must show. Sources belong to stored accounts. */
public abstract class LoginSourceStoreContract extends StorageContract {

  private LoginSourceStore store() {
    return fixture().loginSources();
  }

  private UUID givenAccount(String username) {
    var a = account(username);
    fixture().accounts().insert(a);
    return a.id();
  }

  @Test
  void aPutRowIsFoundWithEveryField() {
    UUID alice = givenAccount("alice");
    store()
        .put(
            new LoginSource(
                alice,
                "127.0.3.4",
                at(Duration.ofMinutes(1)),
                at(Duration.ofMinutes(2)),
                3,
                at(Duration.ofMinutes(17))));

    LoginSource found = store().find(alice, "127.0.3.4").orElseThrow();
    assertThat(found.accountId()).isEqualTo(alice);
    assertThat(found.source()).isEqualTo("127.0.3.4");
    assertThat(millis(found.lastSuccessAt())).isEqualTo(millis(at(Duration.ofMinutes(1))));
    assertThat(millis(found.windowStart())).isEqualTo(millis(at(Duration.ofMinutes(2))));
    assertThat(found.windowFailures()).isEqualTo(3);
    assertThat(millis(found.lockedUntil())).isEqualTo(millis(at(Duration.ofMinutes(17))));
    assertThat(store().find(alice, "127.0.3.5")).isEmpty();
  }

  @Test
  void nullInstantsRoundTripAsNull() {
    UUID alice = givenAccount("alice");
    store().put(LoginSource.fresh(alice, LoginSource.UNKNOWN_SOURCES));

    LoginSource found = store().find(alice, LoginSource.UNKNOWN_SOURCES).orElseThrow();
    assertThat(found.lastSuccessAt()).isNull();
    assertThat(found.windowStart()).isNull();
    assertThat(found.lockedUntil()).isNull();
    assertThat(found.windowFailures()).isZero();
  }

  @Test
  void putReplacesTheRowOfTheSameAccountAndSourceOnly() {
    UUID alice = givenAccount("alice");
    UUID bob = givenAccount("bob");
    store().put(new LoginSource(alice, "::1", T0, null, 0, null));
    store().put(new LoginSource(bob, "::1", T0, null, 4, null));
    store().put(new LoginSource(alice, "::1", T0, T0, 2, null));

    assertThat(store().find(alice, "::1").orElseThrow().windowFailures()).isEqualTo(2);
    assertThat(store().find(bob, "::1").orElseThrow().windowFailures()).isEqualTo(4);
  }

  @Test
  void aSourceOfAnAccountThatDoesNotExistIsNotFound() {
    assertThatThrownBy(() -> store().put(LoginSource.fresh(UUID.randomUUID(), "::1")))
        .isInstanceOf(DomainException.NotFound.class);
  }

  @Test
  void forgettingStaleSourcesKeepsRecentOnesTheSharedBudgetAndOtherAccounts() {
    UUID alice = givenAccount("alice");
    UUID bob = givenAccount("bob");
    store().put(new LoginSource(alice, "10.0.0.1", at(Duration.ofDays(1)), null, 0, null));
    store().put(new LoginSource(alice, "10.0.0.2", at(Duration.ofDays(40)), null, 0, null));
    store().put(new LoginSource(alice, LoginSource.UNKNOWN_SOURCES, null, T0, 5, null));
    store().put(new LoginSource(bob, "10.0.0.1", at(Duration.ofDays(1)), null, 0, null));

    assertThat(store().forgetStale(alice, at(Duration.ofDays(10)))).isEqualTo(1);

    assertThat(store().find(alice, "10.0.0.1")).isEmpty();
    assertThat(store().find(alice, "10.0.0.2")).isPresent();
    assertThat(store().find(alice, LoginSource.UNKNOWN_SOURCES)).isPresent();
    assertThat(store().find(bob, "10.0.0.1")).isPresent();
  }

  @Test
  void aRolledBackUnitOfWorkLeavesNoRow() {
    UUID alice = givenAccount("alice");
    assertThatThrownBy(
            () ->
                fixture()
                    .transactions()
                    .run(
                        () -> {
                          store().put(LoginSource.fresh(alice, "10.9.9.9"));
                          throw new IllegalStateException("boom");
                        }))
        .isInstanceOf(IllegalStateException.class);
    assertThat(store().find(alice, "10.9.9.9")).isEmpty();
  }
}
