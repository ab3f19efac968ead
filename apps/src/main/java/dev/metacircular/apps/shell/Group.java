package dev.metacircular.apps.shell;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command group: typed alone, it shows its subcommands. */
abstract class Group implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
