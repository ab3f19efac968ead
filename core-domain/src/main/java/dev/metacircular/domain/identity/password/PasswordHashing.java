package dev.metacircular.domain.identity.password;

import dev.metacircular.crypto.Argon2Memory;
import dev.metacircular.crypto.Argon2Parameters;
import dev.metacircular.crypto.PasswordHasher;
import dev.metacircular.ports.error.DomainException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Argon2id password hashing with a cap on how many hashes run at once.
 *
 * <p>Each hash costs tens of megabytes and a core for tens of milliseconds; without a cap a login
 * storm would take every core and starve token validation (Keycloak caps the same way). Callers
 * beyond the cap wait their turn.
 *
 * <p>Memory: the hashes borrow their blocks from one {@link Argon2Memory} of {@code maxConcurrent}
 * sets of the configured cost, reused and wiped between hashes, so a login storm costs at most
 * {@code maxConcurrent × memoryKiB} of Argon2 memory instead of a fresh array per login.
 */
public final class PasswordHashing {

  private final PasswordHasher hasher;
  private final Semaphore permits;
  private final Argon2Memory memory;
  private final LongAdder computed = new LongAdder();

  /** At most {@code maxConcurrent} hashes at a time (use the number of cores). */
  public PasswordHashing(Argon2Parameters parameters, int maxConcurrent) {
    if (maxConcurrent < 1) {
      throw new IllegalArgumentException("maxConcurrent must be at least 1");
    }
    if (parameters == null) {
      throw new IllegalArgumentException("argon2 parameters must not be null");
    }
    this.memory = new Argon2Memory(maxConcurrent, parameters.memoryKiB());
    this.hasher = new PasswordHasher(parameters, memory);
    this.permits = new Semaphore(maxConcurrent, true);
  }

  /** A cap of one hash per available processor. */
  public static PasswordHashing perProcessor(Argon2Parameters parameters) {
    return new PasswordHashing(parameters, Runtime.getRuntime().availableProcessors());
  }

  /** A new PHC string for the password. */
  public String hash(char[] password) {
    return limited(() -> hasher.hash(password));
  }

  /**
   * Whether the password matches the stored hash. A missing hash costs a dummy verification, so the
   * answer takes the same time either way.
   */
  public boolean verify(char[] password, String passwordHash) {
    if (passwordHash == null) {
      dummyVerify(password);
      return false;
    }
    return limited(() -> hasher.verify(password, passwordHash));
  }

  /** The work of a verification, for an unknown or locked account. */
  public void dummyVerify(char[] password) {
    limited(
        () -> {
          hasher.dummyVerify(password);
          return null;
        });
  }

  /** The block memory the hashes borrow (its counters show how many sets ever existed). */
  public Argon2Memory memory() {
    return memory;
  }

  /** Whether a verified hash should be replaced with one at the current cost. */
  public boolean needsRehash(String passwordHash) {
    return hasher.needsRehash(passwordHash);
  }

  /**
   * How many Argon2 computations (verifications, dummy verifications and new hashes) have run: what
   * a login storm costs, and what the lockout must keep to the budget.
   */
  public long computed() {
    return computed.sum();
  }

  private <T> T limited(Supplier<T> work) {
    try {
      permits.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DomainException.Unavailable("shutting down");
    }
    try {
      computed.increment();
      return work.get();
    } finally {
      permits.release();
    }
  }
}
