package dev.metacircular.apps.shell;

import dev.metacircular.apps.cli.TextTable;
import dev.metacircular.ports.audit.AuditEvent;
import dev.metacircular.ports.audit.AuditFilter;
import dev.metacircular.ports.client.out.AuditFollower;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code audit ...}: either service's audit log (admin). With both services connected, {@code
 * --service} chooses (default: the identity service).
 */
@Command(
    name = "audit",
    description = "Query the audit log, or follow it (audit tail; Ctrl-C stops).")
final class AuditCommands extends Group {
  private final ShellContext ctx;

  @Option(
      names = "--service",
      paramLabel = "SERVICE",
      scope = picocli.CommandLine.ScopeType.INHERIT,
      description = "mcias or metacrypt (default: mcias when connected, else metacrypt).")
  String service;

  AuditCommands(ShellContext ctx) {
    this.ctx = ctx;
  }

  @Command(name = "query", description = "Matching events, newest first.")
  void query(
      @Option(
              names = "--account",
              paramLabel = "ACCOUNT",
              description = "Actor or subject (username or UUID).")
          String account,
      @Option(names = "--type", paramLabel = "EVENT_TYPE") String type,
      @Option(names = "--since", paramLabel = "RFC3339", description = "e.g. 2026-01-01T00:00:00Z")
          String since,
      @Option(names = "--limit", defaultValue = "50", paramLabel = "N") int limit) {
    if (limit < 1 || limit > AuditFilter.MAX_LIMIT) {
      throw new IllegalArgumentException("--limit must be between 1 and " + AuditFilter.MAX_LIMIT);
    }
    String who = account == null ? null : accountRef(account);
    print(events(new AuditFilter(who, type, since == null ? null : time(since), limit)), true);
  }

  @Command(
      name = "tail",
      description = "Show the last N events, then new ones as they come, until Ctrl-C.")
  void tail(
      @Option(names = "--n", defaultValue = "10", paramLabel = "N") int n,
      @Option(
              names = "--interval",
              defaultValue = "2",
              paramLabel = "SECONDS",
              description =
                  "How often to ask for new events over REST (default ${DEFAULT-VALUE}); gRPC streams them.")
          int interval) {
    if (n < 0 || n > AuditFilter.MAX_LIMIT || interval < 1 || interval > 3600) {
      throw new IllegalArgumentException("--n must be 0-10000 and --interval 1-3600");
    }
    List<AuditEvent> first = events(AuditFilter.latest(Math.max(n, 1)));
    long lastId = first.isEmpty() ? 0 : first.get(0).id();
    Instant since = first.isEmpty() ? null : first.get(0).time();
    List<AuditEvent> shown = new ArrayList<>(first.subList(0, Math.min(n, first.size())));
    java.util.Collections.reverse(shown);
    print(shown, true);
    // Ctrl-C must reach this loop as a character on every terminal (a real one, a pipe), so
    // signals and echo are off while following.
    org.jline.terminal.Attributes previous = ctx.terminal.getAttributes();
    org.jline.terminal.Attributes quiet = new org.jline.terminal.Attributes(previous);
    quiet.setLocalFlags(
        java.util.EnumSet.of(
            org.jline.terminal.Attributes.LocalFlag.ICANON,
            org.jline.terminal.Attributes.LocalFlag.ECHO,
            org.jline.terminal.Attributes.LocalFlag.ISIG),
        false);
    ctx.terminal.setAttributes(quiet);
    Object client = fromIdentity() ? ctx.identity() : ctx.crypto();
    try {
      if (client instanceof AuditFollower follower) {
        stream(follower, lastId);
      } else {
        ctx.println(ctx.styles.dim("-- following; Ctrl-C stops --"));
        follow(interval, lastId, since);
      }
    } finally {
      ctx.terminal.setAttributes(previous);
    }
    throw new Cancelled("stopped following");
  }

  /**
   * Over gRPC the service streams new events as they are written: they are printed from the
   * stream's thread while this one waits for Ctrl-C; a failure of the stream ends the command with
   * its one-line error.
   */
  private void stream(AuditFollower follower, long lastId) {
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    try (AuditFollower.Following following =
        follower.follow(
            lastId, e -> print(List.of(e), false), e -> failure.compareAndSet(null, e))) {
      ctx.println(ctx.styles.dim("-- following; Ctrl-C stops --"));
      while (!waitForInterrupt(200)) {
        RuntimeException failed = failure.get();
        if (failed != null) {
          throw failed;
        }
      }
    }
  }

  private void follow(int interval, long lastId, Instant since) {
    while (!Thread.currentThread().isInterrupted()) {
      if (waitForInterrupt(interval * 1000L)) {
        return;
      }
      List<AuditEvent> fresh = new ArrayList<>();
      for (AuditEvent e : events(new AuditFilter(null, null, since, AuditFilter.MAX_LIMIT))) {
        if (e.id() > lastId) {
          fresh.add(e);
        }
      }
      java.util.Collections.reverse(fresh);
      if (!fresh.isEmpty()) {
        print(fresh, false);
        lastId = fresh.get(fresh.size() - 1).id();
        since = fresh.get(fresh.size() - 1).time();
      }
    }
  }

  /**
   * Waits, reading the terminal so a Ctrl-C typed now is seen (the terminal turns it into an
   * interrupt of this thread). True when interrupted.
   */
  private boolean waitForInterrupt(long millis) {
    long end = System.currentTimeMillis() + millis;
    try {
      while (System.currentTimeMillis() < end) {
        if (Thread.currentThread().isInterrupted()) {
          return true;
        }
        int c =
            ctx.terminal
                .reader()
                .read(Math.max(1, Math.min(200, end - System.currentTimeMillis())));
        if (c == 3 || c == -1) {
          return true;
        }
      }
      return Thread.currentThread().isInterrupted();
    } catch (IOException e) {
      return true;
    }
  }

  private List<AuditEvent> events(AuditFilter filter) {
    return fromIdentity() ? ctx.identity().audit(filter) : ctx.crypto().audit(filter);
  }

  private boolean fromIdentity() {
    if (service == null) {
      return ctx.connection.identity() != null;
    }
    switch (service) {
      case "mcias":
      case "identity":
        return true;
      case "metacrypt":
      case "crypto":
        return false;
      default:
        throw new IllegalArgumentException(
            "--service must be mcias or metacrypt, got '" + service + "'");
    }
  }

  private String accountRef(String account) {
    return fromIdentity() ? ctx.accountId(account).toString() : account;
  }

  private static Instant time(String s) {
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "--since must be an RFC 3339 time such as 2026-01-01T00:00:00Z, got '" + s + "'");
    }
  }

  private void print(List<AuditEvent> events, boolean header) {
    TextTable table = new TextTable("ID", "TIME", "TYPE", "ACTOR", "SUBJECT", "DETAILS");
    for (AuditEvent e : events) {
      table.row(
          e.id(), e.time(), e.type(), dash(e.actor()), dash(e.subject()), details(e.details()));
    }
    if (header) {
      table.print(ctx.out());
      return;
    }
    for (AuditEvent e : events) {
      ctx.println(
          e.id()
              + "  "
              + e.time()
              + "  "
              + e.type()
              + "  "
              + dash(e.actor())
              + "  "
              + dash(e.subject())
              + "  "
              + details(e.details()));
    }
  }

  private static String dash(String s) {
    return s.isEmpty() ? "-" : s;
  }

  private static String details(Map<String, String> d) {
    return d.isEmpty()
        ? "-"
        : new TreeMap<>(d)
            .entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
  }
}
