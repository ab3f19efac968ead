package dev.metacircular.ports.client.out;

import dev.metacircular.ports.audit.AuditEvent;
import java.util.function.Consumer;

/**
 * A client that can be sent an audit log's events as they are written (gRPC's {@code
 * AuditService.Tail} stream) instead of asking for them again and again.
 */
public interface AuditFollower {

  /**
   * Starts following: every event with an id above {@code afterId} is handed to {@code sink},
   * oldest first, from another thread, until the answer is closed. A failure of the stream is
   * handed once to {@code failed}, as the exception a call would have thrown, and ends it. A
   * logged-out client fails at once, on the caller's thread.
   */
  Following follow(long afterId, Consumer<AuditEvent> sink, Consumer<RuntimeException> failed);

  /** A running follow; closing it stops the stream. */
  interface Following extends AutoCloseable {
    @Override
    void close();
  }
}
