package dev.metacircular.sqlite;

import dev.metacircular.ports.audit.AuditChain;
import dev.metacircular.ports.audit.AuditEvent;
import dev.metacircular.ports.audit.AuditFilter;
import dev.metacircular.ports.audit.ChainedEntry;
import dev.metacircular.ports.audit.out.AuditLog;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/**
 * The audit log in {@code audit_log}, each event's details in {@code audit_details}. An append
 * outside a unit of work is its own transaction and is on disk (synchronous=FULL) when {@link
 * #append} returns, which is what "audit fails closed" relies on.
 *
 * <p>The chain ({@link AuditChain}): an append reads the newest entry's hash and stores the new
 * entry's {@code prev_hash} and {@code hash} inside its write transaction, which SQLite runs one at
 * a time ({@code BEGIN IMMEDIATE}), across processes too; so the chain stays one line under
 * concurrent writers, and a rolled-back append takes its link with it.
 */
final class SqliteAuditLog implements AuditLog {

  /** Newest first, as the port defines it: by time, then the later append first. */
  private static final String NEWEST_FIRST = "time DESC, id DESC";

  private static final String NEWEST_FIRST_JOINED = "e.time DESC, e.id DESC";

  /** Entries per page when the chain is read or built: bounded memory on any log size. */
  private static final int CHAIN_PAGE = 500;

  private final SqliteDatabase db;

  SqliteAuditLog(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public AuditEvent append(AuditEvent event) {
    Objects.requireNonNull(event, "event");
    return db.inTransaction(
        h -> {
          // Under the write lock: no other append can come between reading the head and
          // linking to it.
          byte[] previous = headHash(h);
          h.createUpdate(
                  "INSERT INTO audit_log (time, type, actor, subject, source_address, prev_hash)"
                      + " VALUES (:time, :type, :actor, :subject, :sourceAddress, :previous)")
              .bind("time", Columns.millis(event.time()))
              .bind("type", event.type())
              .bind("actor", event.actor())
              .bind("subject", event.subject())
              .bind("sourceAddress", event.sourceAddress())
              .bind("previous", previous)
              .execute();
          // One connection, under the lock: the last rowid is this insert's.
          long id = h.createQuery("SELECT last_insert_rowid()").mapTo(Long.class).one();
          for (Map.Entry<String, String> detail : event.details().entrySet()) {
            h.execute(
                "INSERT INTO audit_details (event_id, name, value) VALUES (?, ?, ?)",
                id,
                detail.getKey(),
                detail.getValue());
          }
          AuditEvent stored = event.withId(id);
          // The hash covers the entry as stored: the time in whole milliseconds.
          h.execute(
              "UPDATE audit_log SET hash = ? WHERE id = ?",
              AuditChain.link(previous, asStored(stored)),
              id);
          return stored;
        });
  }

  @Override
  public List<AuditEvent> query(AuditFilter filter) {
    Objects.requireNonNull(filter, "filter");
    StringBuilder where = new StringBuilder(" WHERE 1 = 1");
    if (filter.actorOrSubject() != null) {
      where.append(" AND (actor = :who OR subject = :who)");
    }
    if (filter.type() != null) {
      where.append(" AND type = :type");
    }
    if (filter.since() != null) {
      where.append(" AND time >= :since");
    }
    return db.withHandle(
        h -> {
          Query q =
              h.createQuery(
                  withDetails(
                      "SELECT * FROM audit_log"
                          + where
                          + " ORDER BY "
                          + NEWEST_FIRST
                          + " LIMIT :limit",
                      NEWEST_FIRST_JOINED));
          if (filter.actorOrSubject() != null) {
            q.bind("who", filter.actorOrSubject());
          }
          if (filter.type() != null) {
            q.bind("type", filter.type());
          }
          if (filter.since() != null) {
            // Stored times are whole milliseconds; comparing with the millisecond that contains
            // `since` errs towards including an event rather than losing it.
            q.bind("since", Columns.millis(filter.since()));
          }
          q.bind("limit", filter.limit());
          return collect(q);
        });
  }

  @Override
  public List<AuditEvent> tail(int n) {
    if (n <= 0) {
      return List.of();
    }
    // Tailing follows the log as written: the last n appends, in append order. Bounded like a
    // query so that a careless "tail 1e9" cannot exhaust memory.
    int limit = Math.min(n, AuditFilter.MAX_LIMIT);
    return db.withHandle(
        h ->
            collect(
                h.createQuery(
                        withDetails(
                            "SELECT * FROM audit_log ORDER BY id DESC LIMIT :limit", "e.id ASC"))
                    .bind("limit", limit)));
  }

  @Override
  public void readChain(Consumer<ChainedEntry> sink) {
    Objects.requireNonNull(sink, "sink");
    long after = 0;
    while (true) {
      long from = after;
      List<ChainedEntry> page = db.withHandle(h -> chainPage(h, from));
      if (page.isEmpty()) {
        return;
      }
      page.forEach(sink);
      after = page.get(page.size() - 1).event().id();
    }
  }

  /**
   * The Java step of the audit chain migration: links every entry that exists, in id order, as
   * appends would have. Runs inside the migration's transaction.
   */
  static void chainExisting(Handle h) {
    byte[] previous = AuditChain.genesis();
    long after = 0;
    while (true) {
      List<ChainedEntry> page = chainPage(h, after);
      if (page.isEmpty()) {
        return;
      }
      for (ChainedEntry entry : page) {
        byte[] hash = AuditChain.link(previous, entry.event());
        h.execute(
            "UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?",
            previous,
            hash,
            entry.event().id());
        previous = hash;
      }
      after = page.get(page.size() - 1).event().id();
    }
  }

  /** The newest entry's hash; genesis for an empty log (or a newest entry stripped of it). */
  private static byte[] headHash(Handle h) {
    byte[] head =
        h.createQuery("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1")
            .map((rs, ctx) -> rs.getBytes("hash"))
            .findOne()
            .orElse(null);
    return head == null || head.length != AuditChain.HASH_LENGTH ? AuditChain.genesis() : head;
  }

  /** Up to {@link #CHAIN_PAGE} entries with ids above {@code after}, in id order. */
  private static List<ChainedEntry> chainPage(Handle h, long after) {
    Map<Long, ChainRow> rows = new LinkedHashMap<>();
    h.createQuery(
            "SELECT e.id, e.time, e.type, e.actor, e.subject, e.source_address, e.prev_hash,"
                + " e.hash, d.name AS detail_name, d.value AS detail_value"
                + " FROM (SELECT * FROM audit_log WHERE id > :after ORDER BY id LIMIT :limit) e"
                + " LEFT JOIN audit_details d ON d.event_id = e.id"
                + " ORDER BY e.id, d.name")
        .bind("after", after)
        .bind("limit", CHAIN_PAGE)
        .map((rs, ctx) -> new ChainRow(row(rs), rs.getBytes("prev_hash"), rs.getBytes("hash")))
        .forEach(
            r -> {
              ChainRow e = rows.computeIfAbsent(r.event().id(), id -> r);
              if (r.event().detailName() != null) {
                e.event().details().put(r.event().detailName(), r.event().detailValue());
              }
            });
    List<ChainedEntry> page = new ArrayList<>(rows.size());
    for (ChainRow r : rows.values()) {
      EventRow e = r.event();
      page.add(
          new ChainedEntry(
              new AuditEvent(
                  e.id(),
                  e.time(),
                  e.type(),
                  e.actor(),
                  e.subject(),
                  e.sourceAddress(),
                  e.details()),
              r.previousHash(),
              r.hash()));
    }
    return page;
  }

  private static AuditEvent asStored(AuditEvent e) {
    return new AuditEvent(
        e.id(),
        Instant.ofEpochMilli(Columns.millis(e.time())),
        e.type(),
        e.actor(),
        e.subject(),
        e.sourceAddress(),
        e.details());
  }

  /** An event row of the chain query, with its hashes. */
  private record ChainRow(EventRow event, byte[] previousHash, byte[] hash) {}

  /** Wraps a query for events so that every selected event comes back with its details. */
  private static String withDetails(String events, String joinedOrder) {
    return "SELECT e.id, e.time, e.type, e.actor, e.subject, e.source_address,"
        + " d.name AS detail_name, d.value AS detail_value"
        + " FROM ("
        + events
        + ") e LEFT JOIN audit_details d ON d.event_id = e.id"
        + " ORDER BY "
        + joinedOrder
        + ", d.name";
  }

  /** Folds the joined rows (one per detail) back into events, keeping the query's order. */
  private static List<AuditEvent> collect(Query q) {
    Map<Long, EventRow> events = new LinkedHashMap<>();
    q.map((rs, ctx) -> row(rs))
        .forEach(
            r -> {
              EventRow e = events.computeIfAbsent(r.id(), id -> r);
              if (r.detailName() != null) {
                e.details().put(r.detailName(), r.detailValue());
              }
            });
    List<AuditEvent> result = new ArrayList<>(events.size());
    for (EventRow e : events.values()) {
      result.add(
          new AuditEvent(
              e.id(), e.time(), e.type(), e.actor(), e.subject(), e.sourceAddress(), e.details()));
    }
    return result;
  }

  private static EventRow row(ResultSet rs) throws SQLException {
    return new EventRow(
        rs.getLong("id"),
        Columns.requiredInstant(rs, "time"),
        rs.getString("type"),
        rs.getString("actor"),
        rs.getString("subject"),
        rs.getString("source_address"),
        new LinkedHashMap<>(),
        rs.getString("detail_name"),
        rs.getString("detail_value"));
  }

  /** One row of the joined query: an event and at most one of its details. */
  private record EventRow(
      long id,
      Instant time,
      String type,
      String actor,
      String subject,
      String sourceAddress,
      Map<String, String> details,
      String detailName,
      String detailValue) {}
}
