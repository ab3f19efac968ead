package dev.metacircular.apps.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The usage error of a command group run without a subcommand. The list of commands is read from
 * the group itself, so a command added to the tree is never missing from the hint.
 */
public final class MissingCommand {
  private MissingCommand() {}

  /** A usage error (exit code 2) naming every subcommand of {@code group}. */
  public static ParameterException of(CommandSpec group) {
    String name = group.qualifiedName();
    return new ParameterException(
        group.commandLine(),
        "missing command (one of: "
            + String.join(", ", group.subcommands().keySet())
            + "; '"
            + name
            + " --help' says what each does)");
  }
}
