package dev.metacircular.web.identity;

import dev.metacircular.ports.audit.AuditEvent;
import dev.metacircular.ports.audit.AuditFilter;
import dev.metacircular.ports.audit.IdentityAuditTypes;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.in.IdentityUseCases;
import dev.metacircular.web.common.PageRequest;
import dev.metacircular.web.common.WebRoutes;
import java.lang.reflect.Modifier;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The audit log (the REST API's {@code GET /v1/audit}, same port): filters by account (actor or
 * subject), type and time, newest first, {@value #PAGE_SIZE} a page. The port answers the newest N
 * matches, so page {@code p} asks for {@code (p + 1) * PAGE_SIZE + 1} and shows its slice; the
 * port's own cap ({@link AuditFilter#MAX_LIMIT}) bounds how far back the pages reach.
 */
final class AuditPages {
  static final int PAGE_SIZE = 50;
  static final int MAX_PAGE = AuditFilter.MAX_LIMIT / PAGE_SIZE - 1;

  private final IdentityUseCases api;
  private final CallerPages callers;

  AuditPages(IdentityUseCases api, CallerPages callers) {
    this.api = api;
    this.callers = callers;
  }

  void register(WebRoutes web) {
    web.get("/admin/audit", callers.admin(this::audit));
  }

  private void audit(PageRequest r, Caller caller) {
    String account = r.query("account");
    String type = r.query("type");
    String since = r.query("since");
    int page = FormValues.integer("page", r.query("page"), 0);
    if (page < 0 || page > MAX_PAGE) {
      throw new DomainException.InvalidInput("page must be between 0 and " + MAX_PAGE);
    }
    Instant from = Times.parse("since", since);
    int want = (page + 1) * PAGE_SIZE + 1;
    List<AuditEvent> events =
        api.audit()
            .query(
                caller,
                new AuditFilter(
                    account.isEmpty() ? null : account, type.isEmpty() ? null : type, from, want));
    int start = Math.min(page * PAGE_SIZE, events.size());
    int end = Math.min(start + PAGE_SIZE, events.size());
    List<EventView> shown = new ArrayList<>();
    for (AuditEvent e : events.subList(start, end)) {
      shown.add(EventView.of(e));
    }
    String filters = "account=" + enc(account) + "&type=" + enc(type) + "&since=" + enc(since);
    Map<String, Object> model = new HashMap<>();
    model.put("title", "Audit log");
    model.put("events", shown);
    model.put("account", account);
    model.put("type", type);
    model.put("since", since);
    model.put("types", TYPES);
    model.put("page", page);
    model.put("previous", page > 0 ? "/admin/audit?" + filters + "&page=" + (page - 1) : null);
    model.put(
        "next",
        events.size() > end && page < MAX_PAGE
            ? "/admin/audit?" + filters + "&page=" + (page + 1)
            : null);
    r.render("identity/admin/audit", model);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** Every identity audit type, for the filter's choices. */
  static final List<String> TYPES =
      Arrays.stream(IdentityAuditTypes.class.getFields())
          .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == String.class)
          .map(
              f -> {
                try {
                  return (String) f.get(null);
                } catch (IllegalAccessException e) {
                  throw new IllegalStateException(e);
                }
              })
          .sorted()
          .toList();
}
