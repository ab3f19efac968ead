package dev.metacircular.domain.memory;

import dev.metacircular.ports.audit.AuditChain;
import dev.metacircular.ports.audit.AuditEvent;
import dev.metacircular.ports.audit.AuditFilter;
import dev.metacircular.ports.audit.ChainedEntry;
import dev.metacircular.ports.audit.out.AuditLog;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The audit log kept in memory, in append order, hash-chained like every audit log ({@link
 * AuditChain}). Thread-safe; takes part in the units of work of its transactions (whose one lock
 * also keeps the chain linear). Ids are never reused, not even after a rollback.
 */
public final class InMemoryAuditLog implements AuditLog {

  private static final Comparator<AuditEvent> NEWEST_FIRST =
      Comparator.comparing(AuditEvent::time).thenComparingLong(AuditEvent::id).reversed();

  private final InMemoryTransactions transactions;
  private final List<AuditEvent> events = new ArrayList<>();
  // The chain hash of events.get(i) is hashes.get(i); both lists change together.
  private final List<byte[]> hashes = new ArrayList<>();
  private long lastId;

  /** A log with a database of its own. */
  public InMemoryAuditLog() {
    this(new InMemoryTransactions());
  }

  /** A log in the database of {@code transactions}. */
  public InMemoryAuditLog(InMemoryTransactions transactions) {
    this.transactions = Objects.requireNonNull(transactions, "transactions");
  }

  @Override
  public AuditEvent append(AuditEvent event) {
    Objects.requireNonNull(event, "event");
    return transactions.inTransaction(
        () -> {
          AuditEvent stored = event.withId(++lastId);
          byte[] previous = hashes.isEmpty() ? AuditChain.genesis() : hashes.get(hashes.size() - 1);
          events.add(stored);
          hashes.add(AuditChain.link(previous, stored));
          // Undo runs last-in first-out, so this event is the last one when it is undone.
          transactions.journal(
              () -> {
                events.remove(events.size() - 1);
                hashes.remove(hashes.size() - 1);
              });
          return stored;
        });
  }

  @Override
  public List<AuditEvent> query(AuditFilter filter) {
    Objects.requireNonNull(filter, "filter");
    return transactions.inTransaction(
        () ->
            events.stream()
                .filter(e -> matches(filter, e))
                .sorted(NEWEST_FIRST)
                .limit(filter.limit())
                .toList());
  }

  @Override
  public List<AuditEvent> tail(int n) {
    return transactions.inTransaction(
        () -> {
          if (n <= 0) {
            return List.of();
          }
          int from = Math.max(0, events.size() - n);
          return List.copyOf(events.subList(from, events.size()));
        });
  }

  @Override
  public void readChain(Consumer<ChainedEntry> sink) {
    Objects.requireNonNull(sink, "sink");
    List<ChainedEntry> chain =
        transactions.inTransaction(
            () -> {
              List<ChainedEntry> copy = new ArrayList<>(events.size());
              for (int i = 0; i < events.size(); i++) {
                byte[] previous = i == 0 ? AuditChain.genesis() : hashes.get(i - 1);
                copy.add(new ChainedEntry(events.get(i), previous, hashes.get(i)));
              }
              return copy;
            });
    chain.forEach(sink);
  }

  private static boolean matches(AuditFilter f, AuditEvent e) {
    if (f.actorOrSubject() != null
        && !f.actorOrSubject().equals(e.actor())
        && !f.actorOrSubject().equals(e.subject())) {
      return false;
    }
    if (f.type() != null && !f.type().equals(e.type())) {
      return false;
    }
    return f.since() == null || !e.time().isBefore(f.since());
  }
}
