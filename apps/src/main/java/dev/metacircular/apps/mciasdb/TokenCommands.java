package dev.metacircular.apps.mciasdb;

import dev.metacircular.apps.cli.TextTable;
import dev.metacircular.apps.identity.LocalIdentity;
import dev.metacircular.ports.identity.TokenRecord;
import java.util.Locale;
import java.util.UUID;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code mc mcias db token ...}: issued tokens, offline. Token values are never stored. */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description = "List and revoke an account's tokens.")
final class TokenCommands implements Runnable {
  static final String REASON = "revoked with mciasdb";

  @ParentCommand private DbCommand db;

  @Spec private CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "missing command (list, revoke or revoke-all)");
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List the account's tokens, newest first.")
  void list(
      @Option(
              names = "--id",
              required = true,
              paramLabel = "UUID",
              converter = Converters.AccountId.class)
          UUID id) {
    try (LocalIdentity identity = db.openIdentity()) {
      TextTable table = new TextTable("JTI", "KIND", "ISSUED", "EXPIRES", "REVOKED");
      for (TokenRecord t : identity.core().tokenAdmin().list(DbCommand.CALLER, id)) {
        table.row(
            t.jti(),
            t.kind().name().toLowerCase(Locale.ROOT),
            t.issuedAt(),
            t.expiresAt(),
            t.revoked() ? t.revokedAt() : "-");
      }
      table.print(db.out());
    }
  }

  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description = "Revoke one token by its JTI.")
  void revoke(@Option(names = "--jti", required = true, paramLabel = "JTI") String jti) {
    try (LocalIdentity identity = db.openIdentity()) {
      identity.core().tokenAdmin().revoke(DbCommand.CALLER, jti, REASON);
      db.out().println("revoked " + jti);
      db.out().flush();
    }
  }

  @Command(
      name = "revoke-all",
      mixinStandardHelpOptions = true,
      description = "Revoke every token of the account (e.g. after a suspected compromise).")
  void revokeAll(
      @Option(
              names = "--id",
              required = true,
              paramLabel = "UUID",
              converter = Converters.AccountId.class)
          UUID id) {
    try (LocalIdentity identity = db.openIdentity()) {
      int n = identity.core().tokenAdmin().revokeAll(DbCommand.CALLER, id, REASON);
      db.out().println("revoked " + n + " token" + (n == 1 ? "" : "s") + " of " + id);
      db.out().flush();
    }
  }
}
