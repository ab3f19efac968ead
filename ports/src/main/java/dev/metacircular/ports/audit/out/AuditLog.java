package dev.metacircular.ports.audit.out;

import dev.metacircular.ports.audit.AuditChain;
import dev.metacircular.ports.audit.AuditEvent;
import dev.metacircular.ports.audit.AuditFilter;
import dev.metacircular.ports.audit.ChainedEntry;
import java.util.List;
import java.util.function.Consumer;

/**
 * Outbound port: the append-only audit log. Appends must be durable before the call returns: the
 * core fails a request whose audit entry could not be written ("audit fails closed").
 *
 * <p>The log is hash-chained ({@link AuditChain}): an append links the new entry to the newest one
 * already stored, serialized with every other append (in a database, inside the write transaction),
 * so the chain is one line however many writers there are. An append that rolls back takes its link
 * with it.
 */
public interface AuditLog {

  /** Stores the event and returns it with its assigned id. */
  AuditEvent append(AuditEvent event);

  /** Events matching the filter, newest first. */
  List<AuditEvent> query(AuditFilter filter);

  /** The last {@code n} events, oldest first (for tailing). */
  List<AuditEvent> tail(int n);

  /**
   * Every stored entry with its chain hashes, in append (id) order, for verification. Streams:
   * memory stays bounded however long the log is.
   */
  void readChain(Consumer<ChainedEntry> sink);
}
