package dev.metacircular.apps.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.crypto.Argon2Parameters;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A burst of concurrent logins against an in-process server, and what it allocated: the sum of the
 * bytes allocated by every thread of this JVM (the server's request threads included) across the
 * storm. Before the block pool each login allocated its whole Argon2 memory afresh, so the storm
 * allocated {@code logins × memory}; with it, Argon2 memory is allocated at most once per permitted
 * concurrent hash.
 */
final class LoginStorm {
  /** The cost the test servers hash at ({@code TestServer.cheap}). */
  static final long ARGON2_BYTES = Argon2Parameters.OWASP_MINIMUM.memoryKiB() * 1024L;

  /** The cap on concurrent hashes the core applies ({@code PasswordHashing.perProcessor}). */
  static final int CAP = Runtime.getRuntime().availableProcessors();

  /** Eight logins per permitted hash: a storm, not a queue of one. */
  static final int LOGINS = Math.max(16, 8 * CAP);

  private LoginStorm() {}

  /**
   * Runs {@code login} {@link #LOGINS} times from {@code LOGINS} threads released together and
   * returns the bytes this JVM's threads allocated meanwhile; every login must succeed.
   */
  static long allocatedDuring(Callable<Boolean> login) throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(LOGINS);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Boolean>> results = new ArrayList<>();
      long before = allocatedByLiveThreads();
      for (int i = 0; i < LOGINS; i++) {
        results.add(
            clients.submit(
                () -> {
                  go.await();
                  return login.call();
                }));
      }
      go.countDown();
      for (Future<Boolean> r : results) {
        assertThat(r.get(120, TimeUnit.SECONDS)).as("every login of the storm succeeds").isTrue();
      }
      return allocatedByLiveThreads() - before;
    } finally {
      clients.shutdownNow();
    }
  }

  /**
   * What a storm may allocate: one Argon2 set per permitted concurrent hash, plus two sets' worth
   * for everything else the logins allocate (TLS, JSON, tokens, the clients), which is far less.
   * Without reuse the storm allocates {@code LOGINS × memory}, at least four times this.
   */
  static long bound() {
    return (CAP + 2L) * ARGON2_BYTES;
  }

  private static long allocatedByLiveThreads() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long total = 0;
    for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
      if (bytes > 0) {
        total += bytes;
      }
    }
    return total;
  }

  static String mib(long bytes) {
    return String.format("%.1f MiB", bytes / (1024.0 * 1024.0));
  }
}
