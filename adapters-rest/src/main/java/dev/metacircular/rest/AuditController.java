package dev.metacircular.rest;

import dev.metacircular.ports.audit.AuditEvent;
import dev.metacircular.ports.audit.AuditFilter;
import dev.metacircular.ports.audit.in.AuditUseCase;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.error.DomainException;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@code GET /v1/audit?account=&type=&since=&limit=} (admin, enforced by the core). */
final class AuditController {
  private static final int MAX_FILTER_TEXT = 256;

  private final AuditUseCase audit;

  AuditController(AuditUseCase audit) {
    this.audit = audit;
  }

  void query(Context ctx, Caller caller) {
    AuditFilter filter =
        new AuditFilter(
            text(ctx, "account"),
            text(ctx, "type"),
            since(ctx.queryParam("since")),
            limit(ctx.queryParam("limit")));
    List<EventView> events = audit.query(caller, filter).stream().map(EventView::of).toList();
    JsonBodies.write(ctx, 200, new EventList(events));
  }

  private static String text(Context ctx, String name) {
    String value = ctx.queryParam(name);
    if (value == null || value.isEmpty()) {
      return null;
    }
    if (value.length() > MAX_FILTER_TEXT) {
      throw new DomainException.InvalidInput(name + " is longer than " + MAX_FILTER_TEXT);
    }
    return value;
  }

  static Instant since(String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      throw new DomainException.InvalidInput(
          "since must be an RFC 3339 time such as 2024-01-31T12:00:00Z");
    }
  }

  static int limit(String value) {
    if (value == null || value.isEmpty()) {
      return AuditFilter.DEFAULT_LIMIT;
    }
    String message = "limit must be a whole number from 1 to " + AuditFilter.MAX_LIMIT;
    if (value.length() > 6 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new DomainException.InvalidInput(message);
    }
    int limit = Integer.parseInt(value);
    if (limit < 1 || limit > AuditFilter.MAX_LIMIT) {
      throw new DomainException.InvalidInput(message);
    }
    return limit;
  }

  record EventList(List<EventView> events) {}

  record EventView(
      long id,
      Instant time,
      String type,
      String actor,
      String subject,
      String sourceAddress,
      Map<String, String> details) {
    static EventView of(AuditEvent e) {
      return new EventView(
          e.id(),
          e.time(),
          e.type(),
          e.actor(),
          e.subject(),
          e.sourceAddress(),
          new TreeMap<>(e.details()));
    }
  }
}
