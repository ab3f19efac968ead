package dev.metacircular.apps;

import dev.metacircular.apps.backup.BackupCommand;
import dev.metacircular.apps.backup.RestoreCommand;
import dev.metacircular.apps.cli.CommandEnvironment;
import dev.metacircular.apps.cli.EnvironmentFactory;
import dev.metacircular.apps.cli.KeepsStdoutForOutput;
import dev.metacircular.apps.cli.MissingCommand;
import dev.metacircular.apps.crypto.MetacryptCommand;
import dev.metacircular.apps.dev.DevCommand;
import dev.metacircular.apps.mcp.McpCommand;
import dev.metacircular.apps.shell.ShellCommand;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code mc}: the one executable of the platform.
 *
 * <p>Exit codes: 0 success, 1 a runtime failure (one line on standard error; the stack trace too
 * when {@code MC_DEBUG=1}), 2 a usage error.
 */
@Command(
    name = "mc",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Metacircular: a self-hosted identity service, crypto service and platform.",
    subcommands = {
      McIasCommand.class,
      MetacryptCommand.class,
      DevCommand.class,
      ShellCommand.class,
      BackupCommand.class,
      RestoreCommand.class,
      McpCommand.class
    })
public final class Main implements Runnable {
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int USAGE = 2;

  /** Set before the first logger exists; read by logback.xml. */
  static final String LOG_TARGET_PROPERTY = "mc.log.target";

  static final String LOG_LEVEL_PROPERTY = "mc.log.level";

  /** Columns of every --help text. */
  static final int USAGE_WIDTH = 100;

  @Spec private CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args, CommandEnvironment.system()));
  }

  /** Runs one command line and returns its exit code; never calls {@code System.exit}. */
  public static int run(String[] args, CommandEnvironment environment) {
    return commandLine(environment).execute(args);
  }

  /** The whole command tree, printing to the environment's terminal. */
  public static CommandLine commandLine(CommandEnvironment environment) {
    CommandLine cl = new CommandLine(new Main(), new EnvironmentFactory(environment));
    cl.setOut(environment.terminal().out());
    cl.setErr(environment.terminal().err());
    // Wide enough that no option or command summary wraps mid-phrase on a usual terminal.
    cl.setUsageHelpWidth(USAGE_WIDTH);
    cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> reportFailure(e, environment));
    cl.setExecutionStrategy(
        parseResult -> {
          chooseLogOutput(parseResult);
          return new CommandLine.RunLast().execute(parseResult);
        });
    return cl;
  }

  @Override
  public void run() {
    throw MissingCommand.of(spec);
  }

  private static int reportFailure(Exception e, CommandEnvironment environment) {
    PrintWriter err = environment.terminal().err();
    err.println("mc: " + Failures.describe(e));
    if (environment.debug()) {
      e.printStackTrace(err);
    }
    err.flush();
    return FAILED;
  }

  /**
   * Servers log JSON lines to standard output; commands whose output is their result keep standard
   * output clean and log warnings to standard error. Runs before any logger is made.
   */
  private static void chooseLogOutput(CommandLine.ParseResult parseResult) {
    boolean quiet = false;
    for (CommandLine.ParseResult p = parseResult; p != null; p = p.subcommand()) {
      quiet |= p.commandSpec().userObject() instanceof KeepsStdoutForOutput;
    }
    if (quiet) {
      System.setProperty(LOG_TARGET_PROPERTY, "System.err");
      System.setProperty(LOG_LEVEL_PROPERTY, "WARN");
    }
  }

  /** The version from the jar's Maven metadata, or "development build" outside a jar. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws Exception {
      Properties p = new Properties();
      try (InputStream in =
          Main.class.getResourceAsStream("/META-INF/maven/dev.metacircular/apps/pom.properties")) {
        if (in != null) {
          p.load(in);
        }
      }
      return new String[] {
        "mc " + p.getProperty("version", "development build"),
        "Java " + System.getProperty("java.version")
      };
    }
  }
}
