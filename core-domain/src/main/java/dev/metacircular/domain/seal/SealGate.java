package dev.metacircular.domain.seal;

import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.seal.SealState;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The seal state and the master key versions while unsealed, behind one lock: what the barrier's
 * lifecycle ({@link SealLifecycle}) changes and its encrypted store ({@link Barrier}) reads. Both
 * hold this gate and neither calls the other for it.
 *
 * <p>Data operations run under the read side and find the keys there ({@link #whileUnsealed},
 * {@link #keys}); opening, rotating and closing take the write side, so {@link #close} waits for
 * the operations in flight, then wipes every key and runs the seal listeners (cached data keys,
 * open engines).
 */
final class SealGate {

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final List<Runnable> sealListeners = new CopyOnWriteArrayList<>();
  private volatile SealState state;
  private volatile Keyring keyring; // non-null exactly while UNSEALED

  SealGate(SealState initial) {
    this.state = Objects.requireNonNull(initial, "initial");
  }

  SealState state() {
    return state;
  }

  /** A state change that holds no keys (initializing, back to uninitialized, found sealed). */
  void moveTo(SealState next) {
    if (next == SealState.UNSEALED) {
      throw new IllegalArgumentException("unseal through open()");
    }
    state = next;
  }

  /**
   * Runs {@code work} while the barrier stays unsealed: seal waits for it to finish. Throws {@code
   * Unavailable("sealed")} (or {@code PreconditionFailed("not initialized")}) otherwise.
   */
  <T> T whileUnsealed(Supplier<T> work) {
    lock.readLock().lock();
    try {
      keys();
      return work.get();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The master key versions; refuses while sealed. Data operations call it under the read lock. */
  Keyring keys() {
    Keyring k = keyring;
    if (k != null) {
      return k;
    }
    throw state == SealState.UNINITIALIZED
        ? new DomainException.PreconditionFailed("not initialized")
        : new DomainException.Unavailable("sealed");
  }

  boolean isUnsealed() {
    return keyring != null;
  }

  /** Unseals with {@code opened}. */
  void open(Keyring opened) {
    Objects.requireNonNull(opened, "opened");
    lock.writeLock().lock();
    try {
      keyring = opened;
      state = SealState.UNSEALED;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Swaps in the keyring of a rotation, which shares the old versions' keys. */
  void replaceKeys(Keyring next) {
    Objects.requireNonNull(next, "next");
    lock.writeLock().lock();
    try {
      keyring = next;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Seals: waits for the operations in flight, wipes every master key version, then runs the seal
   * listeners in the order they were added. False when the barrier was not unsealed.
   */
  boolean close() {
    lock.writeLock().lock();
    try {
      if (state != SealState.UNSEALED) {
        return false;
      }
      Keyring held = keyring;
      keyring = null;
      state = SealState.SEALED;
      held.destroy();
      for (Runnable listener : sealListeners) {
        listener.run();
      }
      return true;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Runs {@code listener} after every seal, under the write lock, once the keys are wiped. */
  void onSeal(Runnable listener) {
    sealListeners.add(Objects.requireNonNull(listener, "listener"));
  }
}
