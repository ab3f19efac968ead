package dev.metacircular.apps.audit;

import dev.metacircular.ports.audit.AuditChain;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options both services' {@code audit verify} share (a picocli mixin): which file, which
 * earlier head to insist on, and the output form. Each service adds its own {@code --config}.
 */
final class VerifyOptions {

  @Option(
      names = "--database",
      paramLabel = "FILE",
      description = "The database file to check (instead of the configuration's).")
  Path database;

  @Option(
      names = "--anchor",
      paramLabel = "ID:HASH",
      converter = ChainCheck.AnchorConverter.class,
      description =
          "A head printed by an earlier verify: the chain must still pass through"
              + " it (detects a rewritten log and deleted newest entries up to it).")
  AuditChain.Anchor anchor;

  @Option(names = "--json", description = "Print the verdict as one JSON object.")
  boolean json;
}
