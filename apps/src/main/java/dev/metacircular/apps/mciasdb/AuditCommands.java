package dev.metacircular.apps.mciasdb;

import dev.metacircular.apps.cli.TextTable;
import dev.metacircular.apps.identity.LocalIdentity;
import dev.metacircular.ports.audit.AuditEvent;
import dev.metacircular.ports.audit.AuditFilter;
import dev.metacircular.rest.JsonReports;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mc mcias db audit ...}: reads the audit log. {@code --json} prints one JSON object per
 * line (JSON Lines), ready for log shipping.
 */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Read the audit log.")
final class AuditCommands implements Runnable {

  @ParentCommand private DbCommand db;

  @Spec private CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command (tail or query)");
  }

  @Command(
      name = "tail",
      mixinStandardHelpOptions = true,
      description = "Show the last events, oldest first.")
  void tail(
      @Option(
              names = "--n",
              defaultValue = "50",
              paramLabel = "N",
              description = "How many (default ${DEFAULT-VALUE}).")
          int n,
      @Option(names = "--json", description = "One JSON object per line.") boolean json) {
    if (n < 1 || n > AuditFilter.MAX_LIMIT) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--n must be between 1 and " + AuditFilter.MAX_LIMIT);
    }
    try (LocalIdentity identity = db.openIdentity()) {
      print(identity.core().audit().tail(DbCommand.CALLER, n), json);
    }
  }

  @Command(
      name = "query",
      mixinStandardHelpOptions = true,
      description = "Search events, newest first.")
  void query(
      @Option(
              names = "--account",
              paramLabel = "UUID",
              converter = Converters.AccountId.class,
              description = "Events whose actor or subject is this account.")
          UUID account,
      @Option(
              names = "--type",
              paramLabel = "TYPE",
              description = "An event type, e.g. login_failure.")
          String type,
      @Option(
              names = "--since",
              paramLabel = "RFC3339",
              converter = Converters.Rfc3339.class,
              description = "Only events at or after this time, e.g. 2026-01-01T00:00:00Z.")
          Instant since,
      @Option(
              names = "--limit",
              defaultValue = "100",
              paramLabel = "N",
              description = "At most this many (default ${DEFAULT-VALUE}).")
          int limit,
      @Option(names = "--json", description = "One JSON object per line.") boolean json) {
    if (limit < 1 || limit > AuditFilter.MAX_LIMIT) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--limit must be between 1 and " + AuditFilter.MAX_LIMIT);
    }
    try (LocalIdentity identity = db.openIdentity()) {
      AuditFilter filter =
          new AuditFilter(account == null ? null : account.toString(), type, since, limit);
      print(identity.core().audit().query(DbCommand.CALLER, filter), json);
    }
  }

  private void print(List<AuditEvent> events, boolean json) {
    PrintWriter out = db.out();
    if (json) {
      for (AuditEvent e : events) {
        out.println(toJson(e));
      }
    } else {
      TextTable table =
          new TextTable("ID", "TIME", "TYPE", "ACTOR", "SUBJECT", "ADDRESS", "DETAILS");
      for (AuditEvent e : events) {
        table.row(
            e.id(),
            e.time(),
            e.type(),
            blank(e.actor()),
            blank(e.subject()),
            blank(e.sourceAddress()),
            details(e.details()));
      }
      table.print(out);
    }
    out.flush();
  }

  static String toJson(AuditEvent e) {
    return JsonReports.auditEvent(e);
  }

  private static String blank(String s) {
    return s.isEmpty() ? "-" : s;
  }

  private static String details(Map<String, String> details) {
    return details.isEmpty()
        ? "-"
        : new TreeMap<>(details)
            .entrySet().stream()
                .map(en -> en.getKey() + "=" + en.getValue())
                .collect(Collectors.joining(" "));
  }
}
