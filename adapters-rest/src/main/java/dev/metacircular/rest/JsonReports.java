package dev.metacircular.rest;

import dev.metacircular.ports.audit.AuditEvent;
import dev.metacircular.ports.audit.ChainVerdict;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON forms of what the command line prints with {@code --json} ({@code mc mcias db audit},
 * {@code audit verify}), written by this module's one JSON mapper so that a script reads an audit
 * event on the command line exactly as {@code GET /v1/audit} answers it, and the command line
 * itself handles no JSON.
 */
public final class JsonReports {
  private JsonReports() {}

  /** One audit event on one line, in the form of {@code GET /v1/audit}'s {@code events}. */
  public static String auditEvent(AuditEvent event) {
    return text(AuditController.EventView.of(event));
  }

  /**
   * The verdict of an audit chain check of {@code database}: {@code intact}, and either the chain's
   * length and head or the first broken entry and why.
   */
  public static String chainVerdict(String database, ChainVerdict verdict) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("database", database);
    if (verdict instanceof ChainVerdict.Broken broken) {
      m.put("intact", false);
      m.put("entry_id", broken.entryId());
      m.put("problem", broken.problem());
      m.put("detail", broken.detail());
      m.put("intact_before", broken.checkedBefore());
    } else {
      ChainVerdict.Intact ok = (ChainVerdict.Intact) verdict;
      m.put("intact", true);
      m.put("entries", ok.entries());
      m.put("head_id", ok.headId());
      m.put("head_hash", ok.headHash());
    }
    return text(m);
  }

  private static String text(Object body) {
    return new String(JsonBodies.toBytes(body), StandardCharsets.UTF_8);
  }
}
