package dev.metacircular.apps.shell;

import dev.metacircular.apps.cli.TextTable;
import dev.metacircular.ports.engine.in.Mount;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mounts ...}: the crypto service's engine mounts (admin). */
@Command(name = "mounts", description = "List, mount and unmount engines (crypto, admin).")
final class MountCommands extends Group {
  private final ShellContext ctx;

  MountCommands(ShellContext ctx) {
    this.ctx = ctx;
  }

  @Command(name = "list", description = "Every mount.")
  void list() {
    TextTable table = new TextTable("NAME", "TYPE", "CONFIG");
    for (Mount m : ctx.crypto().mounts()) {
      table.row(m.name(), m.type(), m.config().isEmpty() ? "-" : m.config());
    }
    table.print(ctx.out());
  }

  @Command(name = "mount", description = "Mount a new engine under NAME.")
  void mount(
      @Parameters(paramLabel = "MOUNT_NAME") String name,
      @Option(
              names = "--type",
              defaultValue = "transit",
              paramLabel = "ENGINE",
              description = "The engine type (default ${DEFAULT-VALUE}).")
          String type) {
    Mount m = ctx.crypto().mount(name, type);
    ctx.println("mounted " + m.type() + " at " + m.name());
  }

  @Command(
      name = "unmount",
      description = {
        "Remove a mount and EVERY key under it, for good (needs --yes).",
        "Every ciphertext made with those keys becomes undecryptable."
      })
  void unmount(
      @Parameters(paramLabel = "MOUNT") String name,
      @Option(names = "--yes", description = "Confirm that the keys are to be destroyed.")
          boolean yes) {
    if (!yes) {
      throw new IllegalArgumentException(
          "unmount destroys every key of " + name + " for good: repeat with --yes to confirm");
    }
    ctx.crypto().unmount(name);
    ctx.println("unmounted " + name);
  }
}
