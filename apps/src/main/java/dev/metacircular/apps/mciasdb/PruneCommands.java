package dev.metacircular.apps.mciasdb;

import dev.metacircular.apps.identity.LocalIdentity;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code mc mcias db prune tokens}: drops the records of expired tokens. */
@Command(name = "prune", mixinStandardHelpOptions = true, description = "Remove expired records.")
final class PruneCommands implements Runnable {
  @ParentCommand private DbCommand db;

  @Spec private CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command (tokens)");
  }

  @Command(
      name = "tokens",
      mixinStandardHelpOptions = true,
      description = "Delete the records of tokens that have expired.")
  void tokens() {
    try (LocalIdentity identity = db.openIdentity()) {
      int n = identity.core().tokenAdmin().pruneExpired(DbCommand.CALLER);
      db.out().println("pruned " + n + " expired token record" + (n == 1 ? "" : "s"));
      db.out().flush();
    }
  }
}
