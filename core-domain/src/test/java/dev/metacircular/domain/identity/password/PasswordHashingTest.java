package dev.metacircular.domain.identity.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.crypto.Argon2Parameters;
import dev.metacircular.ports.error.DomainException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PasswordHashingTest {

  private final PasswordHashing hashing = new PasswordHashing(Argon2Parameters.OWASP_MINIMUM, 2);

  @Test
  void aHashVerifiesOnlyItsPassword() {
    String hash = hashing.hash("a long enough password".toCharArray());

    assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    assertThat(hashing.verify("a long enough password".toCharArray(), hash)).isTrue();
    assertThat(hashing.verify("a long enough passwore".toCharArray(), hash)).isFalse();
    assertThat(hashing.verify("anything".toCharArray(), null)).isFalse();
    assertThat(hashing.verify("anything".toCharArray(), "not a phc string")).isFalse();
    assertThat(hashing.needsRehash(hash)).isFalse();
    assertThat(new PasswordHashing(new Argon2Parameters(3, 19456, 1), 1).needsRehash(hash))
        .isTrue();
  }

  @Test
  void theCostIsCheckedAndTheCapMustBePositive() {
    assertThatThrownBy(() -> new PasswordHashing(new Argon2Parameters(1, 1024, 1), 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PasswordHashing(Argon2Parameters.OWASP_MINIMUM, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(PasswordHashing.perProcessor(Argon2Parameters.OWASP_MINIMUM)).isNotNull();
  }

  @Test
  void concurrentHashesShareAtMostOneBlockSetPerPermit() throws Exception {
    PasswordHashing capped = new PasswordHashing(Argon2Parameters.OWASP_MINIMUM, 2);
    String hash = capped.hash("a long enough password".toCharArray());
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        results.add(
            threads.submit(() -> capped.verify("a long enough password".toCharArray(), hash)));
      }
      for (Future<Boolean> r : results) {
        assertThat(r.get(60, TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      threads.shutdownNow();
    }

    assertThat(capped.memory().peakSets()).isBetween(1, 2);
    assertThat(capped.memory().allocations()).isBetween(1L, 2L);
    assertThat(capped.memory().setsInUse()).isZero();
    // What is kept between storms: the sets, each of the configured cost.
    assertThat(capped.memory().idleBytes())
        .isLessThanOrEqualTo(2L * Argon2Parameters.OWASP_MINIMUM.memoryKiB() * 1024);
  }

  @Test
  void anInterruptedWaiterGivesUpWithUnavailable() throws Exception {
    PasswordHashing single = new PasswordHashing(Argon2Parameters.OWASP_MINIMUM, 1);
    AtomicReference<Throwable> seen = new AtomicReference<>();
    CountDownLatch started = new CountDownLatch(1);
    Thread waiter =
        new Thread(
            () -> {
              Thread.currentThread().interrupt();
              started.countDown();
              try {
                single.dummyVerify("pw".toCharArray());
              } catch (Throwable t) {
                seen.set(t);
              }
            });
    waiter.start();
    started.await();
    waiter.join();

    assertThat(seen.get()).isInstanceOf(DomainException.Unavailable.class);
  }
}
