package dev.metacircular.apps.cli;

import java.util.Map;
import java.util.Objects;

/**
 * What every command receives from outside: the terminal and the environment variables. Both are
 * injected so tests never read the real environment or the real console.
 */
public record CommandEnvironment(Terminal terminal, Map<String, String> env) {

  public CommandEnvironment {
    Objects.requireNonNull(terminal, "terminal");
    env = Map.copyOf(env);
  }

  public static CommandEnvironment system() {
    return new CommandEnvironment(Terminal.system(), System.getenv());
  }

  /** {@code MC_DEBUG=1}: show stack traces of failures. */
  public boolean debug() {
    return "1".equals(env.get("MC_DEBUG"));
  }
}
