package dev.metacircular.apps.audit;

import dev.metacircular.ports.audit.AuditChain;
import dev.metacircular.ports.audit.ChainVerdict;
import dev.metacircular.ports.audit.out.AuditLog;
import dev.metacircular.rest.JsonReports;
import dev.metacircular.sqlite.SqliteServiceFile;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * The one audit chain check both services' {@code audit verify} commands run: every entry of the
 * database's audit log, in order, through {@link AuditChain.Verifier}; then one report. Exit 0 when
 * the chain is intact, 1 when it is broken (naming the first broken entry and why).
 */
final class ChainCheck {
  static final int INTACT = 0;
  static final int BROKEN = 1;

  private ChainCheck() {}

  /** {@code ID:HASH}, as the report prints the head. */
  static final class AnchorConverter implements CommandLine.ITypeConverter<AuditChain.Anchor> {
    @Override
    public AuditChain.Anchor convert(String value) {
      int colon = value.indexOf(':');
      if (colon < 1) {
        throw new CommandLine.TypeConversionException(
            "expected ID:HASH (an entry id, a colon and its 64 hex digit hash), as a previous"
                + " `audit verify` printed the head");
      }
      try {
        return new AuditChain.Anchor(
            Long.parseLong(value.substring(0, colon)), value.substring(colon + 1));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  /** Verifies the audit log of {@code file} and prints the verdict; returns the exit status. */
  static int run(
      SqliteServiceFile file,
      AuditLog log,
      AuditChain.Anchor anchor,
      boolean json,
      String migrateHint,
      PrintWriter out) {
    if (!file.hasAuditChain()) {
      throw new IllegalStateException(
          "the audit log of "
              + file.file()
              + " has no hash chain yet (schema version "
              + file.schemaStatus().currentVersion()
              + "); run `"
              + migrateHint
              + "` once to add it (the migration chains the existing entries), then verify");
    }
    AuditChain.Verifier verifier = new AuditChain.Verifier(anchor);
    log.readChain(verifier::accept);
    ChainVerdict verdict = verifier.verdict();
    out.println(json ? toJson(file, verdict) : toText(verdict));
    out.flush();
    return verdict instanceof ChainVerdict.Intact ? INTACT : BROKEN;
  }

  static String toText(ChainVerdict verdict) {
    if (verdict instanceof ChainVerdict.Broken broken) {
      return "audit chain BROKEN at entry "
          + broken.entryId()
          + " ("
          + broken.problem()
          + "): "
          + broken.detail()
          + "; the "
          + broken.checkedBefore()
          + " entries before it are intact";
    }
    ChainVerdict.Intact ok = (ChainVerdict.Intact) verdict;
    if (ok.entries() == 0) {
      return "audit chain intact: the log is empty";
    }
    return "audit chain intact: "
        + ok.entries()
        + " entries; head "
        + ok.headId()
        + ":"
        + ok.headHash()
        + " (keep it elsewhere and pass it as --anchor next time)";
  }

  static String toJson(SqliteServiceFile file, ChainVerdict verdict) {
    return JsonReports.chainVerdict(file.file().toString(), verdict);
  }
}
