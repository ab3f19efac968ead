package dev.metacircular.apps.crypto;

import dev.metacircular.apps.audit.MetacryptAuditCommand;
import dev.metacircular.apps.cli.MissingCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code mc metacrypt}: the crypto service (the reference's {@code metacrypt} binary). */
@Command(
    name = "metacrypt",
    mixinStandardHelpOptions = true,
    description =
        "The crypto service: run the server, initialize, rekey, snapshot, status, verify the"
            + " audit log.",
    subcommands = {
      CryptoServerCommand.class,
      InitCommand.class,
      StatusCommand.class,
      CryptoSnapshotCommand.class,
      RekeyCommand.class,
      MetacryptAuditCommand.class
    })
public final class MetacryptCommand implements Runnable {
  @Spec private CommandSpec spec;

  @Override
  public void run() {
    throw MissingCommand.of(spec);
  }
}
