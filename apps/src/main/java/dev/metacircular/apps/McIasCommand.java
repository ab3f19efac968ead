package dev.metacircular.apps;

import dev.metacircular.apps.audit.McIasAuditCommand;
import dev.metacircular.apps.cli.MissingCommand;
import dev.metacircular.apps.identity.ServerCommand;
import dev.metacircular.apps.mciasdb.DbCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code mc mcias}: the identity service (the reference's {@code mciassrv} and {@code mciasdb}).
 */
@Command(
    name = "mcias",
    mixinStandardHelpOptions = true,
    description =
        "The identity service: run the server, maintain its database or verify its audit log"
            + " offline.",
    subcommands = {ServerCommand.class, DbCommand.class, McIasAuditCommand.class})
public final class McIasCommand implements Runnable {
  @Spec private CommandSpec spec;

  @Override
  public void run() {
    throw MissingCommand.of(spec);
  }
}
