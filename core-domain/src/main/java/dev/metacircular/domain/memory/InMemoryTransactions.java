package dev.metacircular.domain.memory;

import dev.metacircular.ports.storage.out.Transactions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Units of work over the in-memory stores that share this instance (one in-memory database).
 *
 * <p>One lock guards the whole database and is held for the whole unit of work, so units of work
 * are serializable. Every store operation runs as a unit of work too (joining the caller's, if
 * any), which makes each single call atomic and keeps other threads from seeing half a unit of
 * work. While a unit of work is open, every write records how to undo itself in a journal; when the
 * outermost unit of work throws, the journal is replayed backwards and the exception is rethrown as
 * it was. Undoing costs what the writes cost, whatever the size of the database.
 */
public final class InMemoryTransactions implements Transactions {

  private final ReentrantLock lock = new ReentrantLock();

  // Guarded by lock. depth counts nested units of work; undo is created on the first write.
  private int depth;
  private Deque<Runnable> undo;

  @Override
  public <T> T inTransaction(Supplier<T> work) {
    Objects.requireNonNull(work, "work");
    lock.lock();
    try {
      depth++;
      try {
        return work.get();
      } catch (Throwable t) {
        if (depth == 1) {
          rollback();
        }
        throw t;
      } finally {
        depth--;
        if (depth == 0) {
          undo = null;
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** Records how to undo a write just made; callers run inside a unit of work. */
  void journal(Runnable undoAction) {
    if (!lock.isHeldByCurrentThread() || depth == 0) {
      throw new IllegalStateException("in-memory store written outside a unit of work");
    }
    if (undo == null) {
      undo = new ArrayDeque<>();
    }
    undo.push(undoAction);
  }

  private void rollback() {
    if (undo == null) {
      return;
    }
    while (!undo.isEmpty()) {
      undo.pop().run();
    }
  }
}
