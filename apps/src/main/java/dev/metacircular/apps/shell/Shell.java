package dev.metacircular.apps.shell;

import dev.metacircular.ports.client.Unreachable;
import dev.metacircular.ports.error.DomainException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import picocli.CommandLine;

/**
 * The read-eval-print loop: a JLine line editor (completion, history, colours) in front of the
 * command tree. One bad line never ends the shell: every failure prints one line {@code error: ...}
 * and the prompt comes back. Ctrl-C clears the line being typed (or stops a running command),
 * Ctrl-D or {@code exit} leaves.
 */
public final class Shell {
  private final ShellContext ctx;
  private final Path historyFile;
  private final boolean debug;
  private final CommandLine commands;

  /**
   * @param historyFile where history is kept (mode 0600), or null for none
   */
  Shell(Connection connection, Terminal terminal, Path historyFile, Map<String, String> env) {
    this.ctx =
        new ShellContext(connection, terminal, new Styles(terminal, Styles.wanted(terminal, env)));
    this.historyFile = historyFile;
    this.debug = "1".equals(env.get("MC_DEBUG"));
    this.commands = commandLine(ctx);
  }

  static CommandLine commandLine(ShellContext ctx) {
    CommandLine cl = new CommandLine(new ShellRoot(ctx), new ShellFactory(ctx));
    cl.setOut(ctx.terminal.writer());
    cl.setErr(ctx.terminal.writer());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setUsageHelpWidth(
        Math.max(60, Math.min(120, ctx.terminal.getWidth() > 0 ? ctx.terminal.getWidth() : 100)));
    Map<String, CommandLine.IHelpSectionRenderer> sections = cl.getHelpSectionMap();
    sections.put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_SYNOPSIS, Shell::synopsis);
    cl.setHelpSectionMap(sections); // for every command of the tree
    return cl;
  }

  /** A command's synopsis as typed in the shell: without the shell's own name before it. */
  private static String synopsis(CommandLine.Help help) {
    String synopsis = help.synopsis(help.synopsisHeadingLength());
    String root = ShellRoot.NAME + " ";
    return help.commandSpec().parent() != null && synopsis.startsWith(root)
        ? synopsis.substring(root.length())
        : synopsis;
  }

  /** A command's name as typed in the shell ({@code transit encrypt}). */
  static String typedName(CommandLine.Model.CommandSpec spec) {
    String qualified = spec.qualifiedName(" ");
    return qualified.startsWith(ShellRoot.NAME)
        ? qualified.substring(ShellRoot.NAME.length()).trim()
        : qualified.trim();
  }

  /** Runs until exit or end of input; answers the process exit code (0). */
  int run() {
    ShellHistory history = new ShellHistory();
    LineReaderBuilder builder =
        LineReaderBuilder.builder()
            .terminal(ctx.terminal)
            .appName("mc-shell")
            .parser(new DefaultParser())
            .completer(new ShellCompleter(commands, ctx))
            .history(history)
            .option(LineReader.Option.HISTORY_IGNORE_SPACE, true)
            .option(LineReader.Option.HISTORY_IGNORE_DUPS, true)
            .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
            .option(LineReader.Option.AUTO_FRESH_LINE, true);
    if (historyFile != null) {
      ShellHistory.prepare(historyFile);
      builder.variable(LineReader.HISTORY_FILE, historyFile);
    }
    LineReader reader = builder.build();
    // A dumb terminal (a pipe, a test, TERM=dumb) gets JLine's minimal key map, without
    // completion: Tab completes there too.
    reader
        .getKeyMaps()
        .get(LineReader.MAIN)
        .bind(new org.jline.reader.Reference(LineReader.COMPLETE_WORD), "\t");
    ctx.println(
        ctx.styles.bold("Metacircular admin shell")
            + " — "
            + connectedTo()
            + ". Type help, Tab completes, Ctrl-D leaves.");
    // Between prompts and commands a Ctrl-C must never end the process (the default action):
    // the line editor and running commands install their own handling over this one.
    Terminal.SignalHandler outside = ctx.terminal.handle(Terminal.Signal.INT, s -> {});
    String state = refreshState();
    try {
      while (true) {
        String line;
        try {
          line = reader.readLine(prompt(state));
        } catch (UserInterruptException e) {
          continue; // Ctrl-C: the line is dropped
        } catch (EndOfFileException e) {
          break; // Ctrl-D
        }
        ParsedLine parsed;
        try {
          parsed =
              reader
                  .getParser()
                  .parse(line, line.length(), org.jline.reader.Parser.ParseContext.ACCEPT_LINE);
        } catch (RuntimeException e) {
          error("cannot read that line: " + e.getMessage());
          continue;
        }
        List<String> words = parsed.words().stream().filter(w -> !w.isEmpty()).toList();
        if (words.isEmpty()) {
          continue;
        }
        if (!execute(words)) {
          break;
        }
        state = refreshState();
      }
    } finally {
      saveHistory(reader);
      ctx.terminal.handle(Terminal.Signal.INT, outside);
    }
    ctx.println("bye");
    return 0;
  }

  /** Runs one command; false when the shell should end. */
  boolean execute(List<String> words) {
    String first = words.get(0);
    if (!commands.getSubcommands().containsKey(first)) {
      error("unknown command '" + first + "' (type help for the list)");
      return true;
    }
    Thread self = Thread.currentThread();
    Terminal.SignalHandler previous =
        ctx.terminal.handle(Terminal.Signal.INT, s -> self.interrupt());
    try {
      Outcome outcome = new Outcome();
      commands.setParameterExceptionHandler(
          (ex, args) -> {
            String path = typedName(ex.getCommandLine().getCommandSpec());
            error(ex.getMessage() + " (see: help " + path + ")");
            return 2;
          });
      commands.setExecutionExceptionHandler(
          (ex, cl, parseResult) -> {
            if (unwrap(ex) instanceof ShellRoot.ExitRequested) {
              outcome.exit = true;
              return 0;
            }
            report(ex);
            return 1;
          });
      commands.execute(words.toArray(String[]::new));
      return !outcome.exit;
    } finally {
      ctx.terminal.handle(Terminal.Signal.INT, previous);
      Thread.interrupted(); // a Ctrl-C that came late must not hit the next prompt
      ctx.terminal.flush();
    }
  }

  private static final class Outcome {
    boolean exit;
  }

  private static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof CommandLine.ExecutionException
            || t instanceof java.lang.reflect.InvocationTargetException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private void report(Exception e) {
    Throwable t = unwrap(e);
    if (t instanceof Cancelled) {
      ctx.println(t.getMessage());
      return;
    }
    String message = t.getMessage();
    if (t instanceof DomainException
        || t instanceof Unreachable
        || t instanceof IllegalArgumentException
        || t instanceof IllegalStateException
        || t instanceof java.io.UncheckedIOException) {
      error(message == null ? t.getClass().getSimpleName() : message);
    } else {
      error(
          "internal error ("
              + t.getClass().getSimpleName()
              + (message == null ? "" : ": " + message)
              + "); run with MC_DEBUG=1 for details");
    }
    if (debug) {
      t.printStackTrace(ctx.terminal.writer());
    }
  }

  private void error(String message) {
    String oneLine = message.replaceAll("\\R", " ");
    ctx.println(ctx.styles.error("error:") + " " + oneLine);
  }

  private String connectedTo() {
    if (ctx.connection.offline()) {
      return "offline on the database files";
    }
    return "connected to " + ctx.connection.label() + " over " + ctx.connection.transport();
  }

  /** The crypto state for the prompt, or null without a crypto service. */
  private String refreshState() {
    if (ctx.connection.crypto() == null) {
      return null;
    }
    try {
      return ctx.connection.crypto().quickStatus().wireName();
    } catch (RuntimeException e) {
      return "unreachable";
    }
  }

  /** {@code admin@metacrypt[unsealed]> }. */
  String prompt(String state) {
    StringBuilder p = new StringBuilder();
    if (ctx.connection.offline()) {
      p.append(ctx.styles.warn("offline")).append('@');
    } else if (ctx.user() != null) {
      p.append(ctx.styles.bold(ctx.user().username())).append('@');
    }
    p.append(ctx.connection.label());
    if (state != null) {
      p.append('[').append(ctx.styles.state(state)).append(']');
    }
    return p.append("> ").toString();
  }

  private void saveHistory(LineReader reader) {
    if (historyFile == null) {
      return;
    }
    try {
      reader.getHistory().save();
      ShellHistory.setMode(historyFile, "rw-------");
    } catch (IOException e) {
      error("cannot save the history to " + historyFile + ": " + e.getMessage());
    }
  }
}
