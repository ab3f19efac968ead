package dev.metacircular.domain.seal;

import dev.metacircular.crypto.Argon2Parameters;
import dev.metacircular.domain.memory.InMemoryAuditLog;
import dev.metacircular.domain.memory.InMemoryPhysicalStorage;
import dev.metacircular.domain.time.ManualClock;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.storage.out.PhysicalStorage;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executor;

/** A barrier over in-memory storage with a cheap KDF, a manual clock and a manual executor. */
final class SealFixture {

  static final Argon2Parameters CHEAP = new Argon2Parameters(1, 8 * 1024, 1);
  static final SealSettings SETTINGS = SealSettings.DEFAULTS.withKdf(CHEAP);
  static final Caller ADMIN =
      new Caller(
          UUID.randomUUID(), "root", Set.of(Role.ADMIN), AccountType.HUMAN, "jti-a", "127.0.0.1");
  static final Caller USER =
      new Caller(
          UUID.randomUUID(), "alice", Set.of(Role.USER), AccountType.HUMAN, "jti-u", "127.0.0.1");

  final PhysicalStorage storage;
  final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  final InMemoryAuditLog audit = new InMemoryAuditLog();
  final ManualExecutor executor = new ManualExecutor();
  SealLifecycle seal;

  SealFixture() {
    this(new InMemoryPhysicalStorage());
  }

  SealFixture(PhysicalStorage storage) {
    this.storage = storage;
    this.seal = open();
  }

  /** A new barrier over the same storage: what a process restart sees. */
  SealLifecycle restart() {
    seal = open();
    return seal;
  }

  private SealLifecycle open() {
    return new SealLifecycle(storage, SETTINGS, clock, audit, executor);
  }

  static char[] pw(String s) {
    return s.toCharArray();
  }

  /** Runs queued tasks only when told to, so a test controls when background work happens. */
  static final class ManualExecutor implements Executor {
    final Deque<Runnable> queue = new ArrayDeque<>();

    @Override
    public void execute(Runnable command) {
      queue.add(command);
    }

    int runAll() {
      int n = 0;
      while (!queue.isEmpty()) {
        queue.removeFirst().run();
        n++;
      }
      return n;
    }
  }
}
