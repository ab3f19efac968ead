package dev.metacircular.crypto;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The block memory of Argon2id derivations: at most {@code maxSets} block sets exist at once (in
 * use or idle), a derivation that finds none free waits for one rather than allocating, and a set
 * is zero-filled when it comes back.
 *
 * <p>Why: each derivation needs its whole memory cost (64 MiB by default) at once. Allocated afresh
 * per login, a storm of logins left a gigabyte of dead arrays on the heap between collections, and
 * the JVM, sizing its heap from the machine, let the process grow to 1 GB (3.8 GB on JDK 25).
 * Reused sets make the Argon2 part of memory a constant: {@code maxSets} times the configured cost.
 *
 * <p>Sizes: a set is allocated at {@code max(needed, retainKiB)}, so every derivation at the
 * configured cost (or cheaper) reuses any idle set. A derivation that needs more than {@code
 * retainKiB} (an old hash made at a higher cost, a tampered row) gets a set of its own size that is
 * wiped and dropped when it comes back: it still counts against {@code maxSets}, but the pool never
 * keeps more than {@code maxSets × retainKiB}. With {@code retainKiB = 0} nothing is kept between
 * derivations: the count is bounded, the memory is the garbage collector's (for rare derivations
 * such as an unseal, which should not pin memory for the life of the process).
 */
public final class Argon2Memory {

  static final int BLOCK_WORDS = 128;

  private static final Argon2Memory SHARED =
      new Argon2Memory(Runtime.getRuntime().availableProcessors(), 0);

  private final int maxSets;
  private final long retainWords;
  private final ReentrantLock lock = new ReentrantLock(true);
  private final Condition released = lock.newCondition();

  /** Idle sets, all zero-filled. */
  private final List<long[]> idle = new ArrayList<>();

  private int inUse;
  private int peakSets;
  private long allocations;

  /**
   * At most {@code maxSets} block sets at once, keeping idle sets of up to {@code retainKiB} KiB
   * (the configured memory cost) for reuse; 0 keeps none.
   */
  public Argon2Memory(int maxSets, int retainKiB) {
    if (maxSets < 1) {
      throw new IllegalArgumentException("argon2 memory: maxSets must be at least 1");
    }
    if (retainKiB < 0) {
      throw new IllegalArgumentException("argon2 memory: retainKiB must not be negative");
    }
    this.maxSets = maxSets;
    this.retainWords = (long) retainKiB * BLOCK_WORDS;
  }

  /**
   * The process-wide memory of derivations that were given none (an unseal, opening the master key,
   * tools): one set per processor at most, none kept between derivations.
   */
  public static Argon2Memory shared() {
    return SHARED;
  }

  /** The most sets that ever exist at once. */
  public int maxSets() {
    return maxSets;
  }

  /** The most bytes this memory keeps for reuse: {@code maxSets × retainKiB}. */
  public long keptBytesBound() {
    return maxSets * retainWords * Long.BYTES;
  }

  /** Sets lent out now. */
  public int setsInUse() {
    lock.lock();
    try {
      return inUse;
    } finally {
      lock.unlock();
    }
  }

  /** The most sets that existed at once (lent out plus idle) since this memory was made. */
  public int peakSets() {
    lock.lock();
    try {
      return peakSets;
    } finally {
      lock.unlock();
    }
  }

  /** How many sets were ever allocated: stays at {@code maxSets} or below while sets are reused. */
  public long allocations() {
    lock.lock();
    try {
      return allocations;
    } finally {
      lock.unlock();
    }
  }

  /** Bytes held by idle sets now. */
  public long idleBytes() {
    lock.lock();
    try {
      long words = 0;
      for (long[] set : idle) {
        words += set.length;
      }
      return words * Long.BYTES;
    } finally {
      lock.unlock();
    }
  }

  /**
   * A set of at least {@code words} longs, waiting while {@code maxSets} are lent out.
   *
   * @throws IllegalStateException if interrupted while waiting (the interrupt flag is kept)
   */
  Lease acquire(int words) {
    lock.lock();
    try {
      while (inUse == maxSets) {
        try {
          released.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("argon2 derivation interrupted");
        }
      }
      long[] set = takeIdle(words);
      if (set == null) {
        // No idle set is large enough: drop the smallest idle one (if the count is at its
        // bound) so that the number of sets never exceeds maxSets, then allocate.
        if (inUse + idle.size() == maxSets) {
          idle.remove(smallestIdle());
        }
        set = new long[(int) Math.max(words, Math.min(retainWords, Integer.MAX_VALUE - 8))];
        allocations++;
      }
      inUse++;
      peakSets = Math.max(peakSets, inUse + idle.size());
      return new Lease(set, words);
    } finally {
      lock.unlock();
    }
  }

  private long[] takeIdle(int words) {
    int best = -1;
    for (int i = 0; i < idle.size(); i++) {
      int length = idle.get(i).length;
      if (length >= words && (best < 0 || length < idle.get(best).length)) {
        best = i;
      }
    }
    return best < 0 ? null : idle.remove(best);
  }

  private int smallestIdle() {
    int smallest = 0;
    for (int i = 1; i < idle.size(); i++) {
      if (idle.get(i).length < idle.get(smallest).length) {
        smallest = i;
      }
    }
    return smallest;
  }

  private void release(long[] set, int usedWords) {
    // Wiped before anyone else can see it; only the used prefix was ever written (the rest of
    // a larger set is still zero from its own last release, or from allocation).
    Arrays.fill(set, 0, usedWords, 0L);
    lock.lock();
    try {
      inUse--;
      if (set.length <= retainWords) {
        idle.add(set);
      }
      released.signal();
    } finally {
      lock.unlock();
    }
  }

  /**
   * One borrowed set, of which the derivation uses the first {@code usedWords} words; {@link
   * #close()} wipes them and gives the set back.
   */
  final class Lease implements AutoCloseable {
    private final long[] set;
    private final int usedWords;
    private boolean closed;

    private Lease(long[] set, int usedWords) {
      this.set = set;
      this.usedWords = usedWords;
    }

    long[] words() {
      return set;
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        release(set, usedWords);
      }
    }
  }
}
