package dev.metacircular.ports.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.out.RecoveryCodeStore;
import dev.metacircular.ports.identity.out.StoredRecoveryCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link RecoveryCodeStore} must show. Codes belong to stored accounts. */
public abstract class RecoveryCodeStoreContract extends StorageContract {

  private RecoveryCodeStore store() {
    return fixture().recoveryCodes();
  }

  private UUID givenAccount(String username) {
    var a = account(username);
    fixture().accounts().insert(a);
    return a.id();
  }

  private static StoredRecoveryCode code(UUID account, String id) {
    return new StoredRecoveryCode(account, id, "$argon2id$hash-of-" + id, T0, null);
  }

  @Test
  void storedCodesAreFoundByAccountAndIdWithTheirFields() {
    UUID alice = givenAccount("alice");
    store().replace(alice, List.of(code(alice, "ab12"), code(alice, "cd34")));

    StoredRecoveryCode found = store().find(alice, "cd34").orElseThrow();
    assertThat(found.accountId()).isEqualTo(alice);
    assertThat(found.hash()).isEqualTo("$argon2id$hash-of-cd34");
    assertThat(millis(found.createdAt())).isEqualTo(millis(T0));
    assertThat(found.used()).isFalse();
    assertThat(store().countUnused(alice)).isEqualTo(2);
    assertThat(store().find(alice, "zz99")).isEmpty();
  }

  @Test
  void aCodeIdIsLookedUpOnlyWithinItsAccount() {
    UUID alice = givenAccount("alice");
    UUID bob = givenAccount("bob");
    store().replace(alice, List.of(code(alice, "ab12")));

    assertThat(store().find(bob, "ab12")).isEmpty();
    assertThat(store().markUsed(bob, "ab12", at(Duration.ofMinutes(1)))).isFalse();
    assertThat(store().countUnused(alice)).isEqualTo(1);
  }

  @Test
  void replacingVoidsTheWholePreviousSet() {
    UUID alice = givenAccount("alice");
    store().replace(alice, List.of(code(alice, "old1"), code(alice, "old2")));
    store().replace(alice, List.of(code(alice, "new1")));

    assertThat(store().find(alice, "old1")).isEmpty();
    assertThat(store().find(alice, "old2")).isEmpty();
    assertThat(store().countUnused(alice)).isEqualTo(1);
  }

  @Test
  void aCodeIsMarkedUsedOnce() {
    UUID alice = givenAccount("alice");
    store().replace(alice, List.of(code(alice, "ab12"), code(alice, "cd34")));

    assertThat(store().markUsed(alice, "ab12", at(Duration.ofMinutes(1)))).isTrue();
    assertThat(store().markUsed(alice, "ab12", at(Duration.ofMinutes(2)))).isFalse();
    StoredRecoveryCode used = store().find(alice, "ab12").orElseThrow();
    assertThat(millis(used.usedAt())).isEqualTo(millis(at(Duration.ofMinutes(1))));
    assertThat(store().countUnused(alice)).isEqualTo(1);
  }

  @Test
  void concurrentUsesOfOneCodeSucceedExactlyOnce() throws Exception {
    UUID alice = givenAccount("alice");
    store().replace(alice, List.of(code(alice, "ab12")));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Boolean>> uses = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        uses.add(() -> store().markUsed(alice, "ab12", at(Duration.ofMinutes(1))));
      }
      int succeeded = 0;
      for (Future<Boolean> f : pool.invokeAll(uses)) {
        succeeded += f.get() ? 1 : 0;
      }
      assertThat(succeeded).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aReplacementThatFailsLeavesTheOldSet() {
    UUID alice = givenAccount("alice");
    store().replace(alice, List.of(code(alice, "ab12")));
    assertThatThrownBy(
            () ->
                fixture()
                    .transactions()
                    .run(
                        () -> {
                          store().replace(alice, List.of(code(alice, "new1")));
                          throw new IllegalStateException("boom");
                        }))
        .isInstanceOf(IllegalStateException.class);

    assertThat(store().find(alice, "ab12")).isPresent();
    assertThat(store().find(alice, "new1")).isEmpty();
  }

  @Test
  void codesForAnUnknownAccountAreRefused() {
    UUID ghost = UUID.randomUUID();
    assertThatThrownBy(() -> store().replace(ghost, List.of(code(ghost, "ab12"))))
        .isInstanceOf(DomainException.NotFound.class);
  }

  @Test
  void deleteAllRemovesOnlyThatAccountsCodes() {
    UUID alice = givenAccount("alice");
    UUID bob = givenAccount("bob");
    store().replace(alice, List.of(code(alice, "ab12")));
    store().replace(bob, List.of(code(bob, "ab12")));

    store().deleteAll(alice);
    assertThat(store().countUnused(alice)).isZero();
    assertThat(store().countUnused(bob)).isEqualTo(1);
  }
}
