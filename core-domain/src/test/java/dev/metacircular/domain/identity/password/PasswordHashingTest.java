package dev.metacircular.domain.identity.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.crypto.Argon2Parameters;
import dev.metacircular.ports.error.DomainException;
import java.util.concurrent.CountDownLatch;
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
  void anInterruptedWaiterGivesUpWithUnavailable() throws Exception {
    PasswordHashing single = new PasswordHashing(Argon2Parameters.OWASP_MINIMUM, 1);
    AtomicReference<Throwable> seen = new AtomicReference<>();
    CountDownLatch started = new CountDownLatch(1);
    Thread waiter = new Thread(() -> {
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
