package dev.metacircular.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The block memory is bounded by its set count, reused, wiped on return, and never kept above the
 * configured size.
 */
class Argon2MemoryTest {

  private static final int KIB = Argon2Memory.BLOCK_WORDS;

  @Test
  void concurrentDerivationsNeverHoldMoreSetsThanTheBound() throws Exception {
    Argon2Memory memory = new Argon2Memory(2, 1024);
    Argon2Parameters p = new Argon2Parameters(1, 1024, 2);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<byte[]>> tags = new ArrayList<>();
    try {
      for (int i = 0; i < 32; i++) {
        tags.add(
            pool.submit(
                () -> {
                  go.await();
                  try (SecretBytes tag =
                      Argon2id.derive("storm".toCharArray(), new byte[16], p, 32, memory)) {
                    return tag.withBytes(byte[]::clone);
                  }
                }));
      }
      go.countDown();
      byte[] first = tags.get(0).get(60, TimeUnit.SECONDS);
      for (Future<byte[]> tag : tags) {
        assertThat(tag.get(60, TimeUnit.SECONDS)).isEqualTo(first);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(memory.peakSets()).isEqualTo(2);
    assertThat(memory.allocations()).isEqualTo(2);
    assertThat(memory.setsInUse()).isZero();
    assertThat(memory.idleBytes()).isEqualTo(2L * 1024 * 1024);
  }

  @Test
  void aBorrowerWaitsForASetInsteadOfAllocating() throws Exception {
    Argon2Memory memory = new Argon2Memory(1, 8);
    Argon2Memory.Lease held = memory.acquire(8 * KIB);
    AtomicBoolean got = new AtomicBoolean();
    Thread waiter =
        new Thread(
            () -> {
              try (Argon2Memory.Lease lease = memory.acquire(8 * KIB)) {
                got.set(true);
              }
            });
    waiter.start();
    waiter.join(300);

    assertThat(got).isFalse();
    assertThat(memory.allocations()).isEqualTo(1);
    held.close();
    waiter.join(10_000);
    assertThat(got).isTrue();
    assertThat(memory.allocations()).isEqualTo(1);
  }

  @Test
  void aSetIsZeroFilledWhenItComesBack() {
    Argon2Memory memory = new Argon2Memory(1, 16);
    long[] words;
    try (Argon2Memory.Lease lease = memory.acquire(16 * KIB)) {
      words = lease.words();
      Arrays.fill(words, 0x5eC7E7L);
    }

    assertThat(words).containsOnly(0L);
    try (Argon2Memory.Lease again = memory.acquire(8 * KIB)) {
      assertThat(again.words()).isSameAs(words);
    }
  }

  @Test
  void aDerivationLeavesNoKeyMaterialInTheKeptSet() {
    Argon2Memory memory = new Argon2Memory(1, 64);
    try (SecretBytes ignored =
        Argon2id.derive(
            "secret".toCharArray(), new byte[16], new Argon2Parameters(1, 64, 1), 32, memory)) {
      // derived
    }
    try (Argon2Memory.Lease lease = memory.acquire(64 * KIB)) {
      assertThat(lease.words()).containsOnly(0L);
    }
  }

  @Test
  void largerDerivationsDoNotGrowWhatIsKept() {
    Argon2Memory memory = new Argon2Memory(2, 64);
    for (int memoryKiB : new int[] {256, 64, 512, 32, 256, 1024, 64}) {
      try (SecretBytes ignored =
          Argon2id.derive(
              "pw".toCharArray(),
              new byte[16],
              new Argon2Parameters(1, memoryKiB, 1),
              32,
              memory)) {
        assertThat(memory.setsInUse()).isZero();
      }
      assertThat(memory.idleBytes()).isLessThanOrEqualTo(2L * 64 * 1024);
    }
    assertThat(memory.peakSets()).isLessThanOrEqualTo(2);
  }

  @Test
  void setsOfAnotherSizeAreReplacedNotAdded() {
    // Sets of other sizes come and go; the count stays at the bound.
    Argon2Memory memory = new Argon2Memory(2, 32);
    try (Argon2Memory.Lease a = memory.acquire(32 * KIB);
        Argon2Memory.Lease b = memory.acquire(16 * KIB)) {
      assertThat(memory.peakSets()).isEqualTo(2);
    }
    // Both idle sets are 32 KiB; a 48 KiB request must replace one, never make a third.
    try (Argon2Memory.Lease big = memory.acquire(48 * KIB)) {
      assertThat(big.words().length).isEqualTo(48 * KIB);
      assertThat(memory.peakSets()).isEqualTo(2);
    }
    assertThat(memory.idleBytes()).isEqualTo(32L * 1024);
  }

  @Test
  void theSharedMemoryKeepsNothing() {
    try (SecretBytes ignored =
        Argon2id.derive("pw".toCharArray(), new byte[16], new Argon2Parameters(1, 64, 1), 32)) {
      // derived through Argon2Memory.shared()
    }
    assertThat(Argon2Memory.shared().idleBytes()).isZero();
    assertThat(Argon2Memory.shared().maxSets())
        .isEqualTo(Runtime.getRuntime().availableProcessors());
  }

  @Test
  void anInterruptedWaiterGivesUp() throws Exception {
    Argon2Memory memory = new Argon2Memory(1, 8);
    try (Argon2Memory.Lease held = memory.acquire(8 * KIB)) {
      Thread.currentThread().interrupt();
      assertThatThrownBy(() -> memory.acquire(8 * KIB))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("interrupted");
      assertThat(Thread.interrupted()).isTrue();
    }
    assertThat(memory.setsInUse()).isZero();
  }

  @Test
  void badBoundsAreRefused() {
    assertThatThrownBy(() -> new Argon2Memory(0, 64)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Argon2Memory(1, -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                Argon2id.derive(
                    "pw".toCharArray(), new byte[16], Argon2Parameters.OWASP_MINIMUM, 32, null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
