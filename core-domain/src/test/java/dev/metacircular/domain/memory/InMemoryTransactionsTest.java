package dev.metacircular.domain.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.metacircular.ports.contract.StorageFixture;
import dev.metacircular.ports.contract.TransactionsContract;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class InMemoryTransactionsTest extends TransactionsContract {

  @Override
  protected StorageFixture newFixture() {
    return new InMemoryFixture();
  }

  @Test
  void concurrentReadModifyWriteUnitsOfWorkLoseNoUpdate() throws Exception {
    InMemoryStorage storage = InMemoryStorage.create();
    storage.settings().put("counter", counter(0));
    int threads = 4;
    int increments = 250;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < increments; i++) {
                    storage
                        .transactions()
                        .run(
                            () -> {
                              long v = value(storage.settings().get("counter").orElseThrow());
                              Thread.yield();
                              storage.settings().put("counter", counter(v + 1));
                            });
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(value(storage.settings().get("counter").orElseThrow()))
        .isEqualTo((long) threads * increments);
  }

  @Test
  void anotherThreadWaitsForAnOpenUnitOfWorkAndNeverSeesItsRolledBackWrites() throws Exception {
    InMemoryStorage storage = InMemoryStorage.create();
    CountDownLatch readerStarted = new CountDownLatch(1);
    AtomicReference<Future<Boolean>> readerSaw = new AtomicReference<>();
    ExecutorService reader = Executors.newSingleThreadExecutor();
    try {
      Throwable thrown =
          catchThrowable(
              () ->
                  storage
                      .transactions()
                      .run(
                          () -> {
                            storage.settings().put("k", counter(1));
                            readerSaw.set(
                                reader.submit(
                                    () -> {
                                      readerStarted.countDown();
                                      return storage.settings().get("k").isPresent();
                                    }));
                            awaitQuietly(readerStarted);
                            throw new IllegalStateException("roll back");
                          }));

      assertThat(thrown).hasMessage("roll back");
      assertThat(readerSaw.get().get(10, TimeUnit.SECONDS)).isFalse();
    } finally {
      reader.shutdownNow();
    }
    assertThat(storage.settings().get("k")).isEmpty();
  }

  @Test
  void storesMadeWithoutSharedTransactionsWorkOnTheirOwn() {
    InMemoryAccountStore accounts = new InMemoryAccountStore();
    InMemorySettingsStore settings = new InMemorySettingsStore();
    settings.put("k", counter(7));

    assertThat(accounts.list()).isEmpty();
    assertThat(value(settings.get("k").orElseThrow())).isEqualTo(7);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static byte[] counter(long v) {
    return ByteBuffer.allocate(Long.BYTES).putLong(v).array();
  }

  private static long value(byte[] b) {
    return ByteBuffer.wrap(b).getLong();
  }
}
