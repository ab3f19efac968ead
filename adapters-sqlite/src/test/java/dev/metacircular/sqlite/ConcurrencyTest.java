package dev.metacircular.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.ports.audit.AuditEvent;
import dev.metacircular.ports.audit.AuditFilter;
import dev.metacircular.ports.identity.out.StoredAccount;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several threads on one database: nothing lost, units of work never interleaved. */
class ConcurrencyTest {

  private static final Instant T0 = Instant.parse("2025-06-01T10:15:30.123Z");
  private static final int THREADS = 6;
  private static final int PER_THREAD = 100;

  @TempDir Path directory;

  private SqliteIdentityStorage storage;
  private ExecutorService pool;

  @BeforeEach
  void open() {
    storage = SqliteIdentityStorage.open(directory.resolve("id.db"));
    pool = Executors.newFixedThreadPool(THREADS);
  }

  @AfterEach
  void close() throws Exception {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    storage.close();
  }

  private void runOnEveryThread(Task task) throws Exception {
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      futures.add(
          pool.submit(
              () -> {
                for (int i = 0; i < PER_THREAD; i++) {
                  task.run(thread, i);
                }
                return null;
              }));
    }
    for (Future<?> f : futures) {
      f.get(60, TimeUnit.SECONDS);
    }
  }

  @FunctionalInterface
  private interface Task {
    void run(int thread, int i);
  }

  @Test
  void concurrentAppendsAndInsertsAreAllKeptWithDistinctIds() throws Exception {
    runOnEveryThread(
        (thread, i) -> {
          storage
              .audit()
              .append(
                  AuditEvent.of(T0, "t", "thread-" + thread, Integer.toString(i), "", Map.of()));
          storage.accounts().insert(SqliteIdentityStorageTest.account("u" + thread + "-" + i));
          storage
              .settings()
              .put("s" + thread + "-" + i, Integer.toString(i).getBytes(StandardCharsets.UTF_8));
        });

    List<AuditEvent> events = storage.audit().query(AuditFilter.latest(AuditFilter.MAX_LIMIT));
    assertThat(events).hasSize(THREADS * PER_THREAD);
    Set<Long> ids = new HashSet<>();
    events.forEach(e -> ids.add(e.id()));
    assertThat(ids).hasSize(THREADS * PER_THREAD);
    assertThat(storage.accounts().list()).hasSize(THREADS * PER_THREAD);
    assertThat(storage.settings().get("s" + (THREADS - 1) + "-" + (PER_THREAD - 1))).isPresent();
    assertThat(storage.integrityCheck()).isEqualTo("ok");
  }

  @Test
  void readModifyWriteInsideUnitsOfWorkLosesNoUpdate() throws Exception {
    storage.settings().put("counter", "0".getBytes(StandardCharsets.UTF_8));

    runOnEveryThread(
        (thread, i) ->
            storage
                .transactions()
                .run(
                    () -> {
                      long value =
                          Long.parseLong(
                              new String(
                                  storage.settings().get("counter").orElseThrow(),
                                  StandardCharsets.UTF_8));
                      Thread.yield();
                      storage
                          .settings()
                          .put(
                              "counter", Long.toString(value + 1).getBytes(StandardCharsets.UTF_8));
                    }));

    assertThat(new String(storage.settings().get("counter").orElseThrow(), StandardCharsets.UTF_8))
        .isEqualTo(Integer.toString(THREADS * PER_THREAD));
  }

  @Test
  void anotherThreadNeverSeesAnUnfinishedUnitOfWork() throws Exception {
    StoredAccount alice = SqliteIdentityStorageTest.account("alice");
    CountDownLatch written = new CountDownLatch(1);
    CountDownLatch mayCommit = new CountDownLatch(1);

    Future<?> writer =
        pool.submit(
            () ->
                storage
                    .transactions()
                    .run(
                        () -> {
                          storage.accounts().insert(alice);
                          written.countDown();
                          await(mayCommit);
                        }));
    assertThat(written.await(30, TimeUnit.SECONDS)).isTrue();

    Future<Optional<StoredAccount>> reader =
        pool.submit(() -> storage.accounts().findByUsername("alice"));
    // The reader waits for the unit of work; it cannot have an answer yet.
    Thread.sleep(100);
    assertThat(reader.isDone()).isFalse();

    mayCommit.countDown();
    writer.get(30, TimeUnit.SECONDS);
    assertThat(reader.get(30, TimeUnit.SECONDS)).isPresent();
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("test latch timed out");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
