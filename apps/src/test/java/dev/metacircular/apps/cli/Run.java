package dev.metacircular.apps.cli;

import dev.metacircular.apps.Main;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Runs {@code mc} in-process with captured output, a given stdin and a given environment. */
public final class Run {
  private Run() {}

  /** What one run printed and returned. */
  public record Result(int exitCode, String out, String err) {
    public String[] outLines() {
      return out.isEmpty() ? new String[0] : out.split("\\R");
    }
  }

  public static Result mcWithStdin(Map<String, String> env, String stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Terminal terminal =
        new Terminal(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            null);
    int code = Main.run(args, new CommandEnvironment(terminal, env));
    return new Result(code, out.toString(), err.toString());
  }

  public static Result mc(Map<String, String> env, String... args) {
    return mcWithStdin(env, "", args);
  }
}
