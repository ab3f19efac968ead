package dev.metacircular.sqlite;

import dev.metacircular.ports.audit.AuditEvent;
import dev.metacircular.ports.audit.AuditFilter;
import dev.metacircular.ports.audit.AuditLog;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jdbi.v3.core.statement.Query;

/**
 * The audit log in {@code audit_log}, each event's details in {@code audit_details}. An append
 * outside a unit of work is its own transaction and is on disk (synchronous=FULL) when
 * {@link #append} returns, which is what "audit fails closed" relies on.
 */
final class SqliteAuditLog implements AuditLog {

  /** Newest first, as the port defines it: by time, then the later append first. */
  private static final String NEWEST_FIRST = "time DESC, id DESC";

  private static final String NEWEST_FIRST_JOINED = "e.time DESC, e.id DESC";

  private final SqliteDatabase db;

  SqliteAuditLog(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public AuditEvent append(AuditEvent event) {
    Objects.requireNonNull(event, "event");
    return db.inTransaction(
        h -> {
          h.createUpdate(
                  "INSERT INTO audit_log (time, type, actor, subject, source_address)"
                      + " VALUES (:time, :type, :actor, :subject, :sourceAddress)")
              .bind("time", Columns.millis(event.time()))
              .bind("type", event.type())
              .bind("actor", event.actor())
              .bind("subject", event.subject())
              .bind("sourceAddress", event.sourceAddress())
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
          return event.withId(id);
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
                      "SELECT * FROM audit_log" + where + " ORDER BY " + NEWEST_FIRST
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
