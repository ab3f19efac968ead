package dev.metacircular.benchmarks;

import java.util.Optional;
import java.util.Set;

/** A load client's command line: parsed, its usage on {@code --help}, exit status 2 when bad. */
final class LoadCommandLine {
  private LoadCommandLine() {}

  /**
   * The parsed arguments, or empty after printing {@code usage} for {@code --help} (the caller
   * returns). Bad arguments print the parser's message to standard error and exit with status 2.
   */
  static Optional<Args> parse(
      String[] argv, Set<String> valued, Set<String> booleans, String usage) {
    Args args;
    try {
      args = Args.parse(argv, valued, booleans);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return Optional.empty();
    }
    if (args.flag("help")) {
      System.out.println(usage);
      return Optional.empty();
    }
    return Optional.of(args);
  }
}
