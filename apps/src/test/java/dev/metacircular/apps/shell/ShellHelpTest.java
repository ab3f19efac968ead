package dev.metacircular.apps.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.apps.HelpTexts;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The shell's own help: what {@code help} and {@code help COMMAND} print. */
class ShellHelpTest {
  private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
  private Terminal terminal;
  private CommandLine commands;

  @BeforeEach
  void tree() throws IOException {
    // A dumb terminal written straight through (no pump thread), so the screen is complete when
    // the command returns.
    terminal =
        new DumbTerminal(
            "help-test",
            Terminal.TYPE_DUMB,
            new ByteArrayInputStream(new byte[0]),
            screen,
            StandardCharsets.UTF_8);
    // Help needs no service: the command tree is built over no connection.
    commands = Shell.commandLine(new ShellContext(null, terminal, new Styles(terminal, false)));
  }

  @AfterEach
  void close() throws IOException {
    terminal.close();
  }

  private String help(String... words) {
    screen.reset();
    List<String> line = new ArrayList<>(List.of("help"));
    line.addAll(List.of(words));
    assertThat(commands.execute(line.toArray(String[]::new))).isZero();
    terminal.flush();
    return screen.toString(StandardCharsets.UTF_8);
  }

  @Test
  void helpNamesTheShellAndListsItsCommands() {
    String help = help();

    assertThat(help).startsWith("Usage: mc-shell [COMMAND]");
    assertThat(help).contains("transit ", "accounts ", "login ", "help ", "exit, quit");
  }

  @Test
  void aCommandsUsageIsWhatOneTypesInTheShell() {
    assertThat(help("transit")).startsWith("Usage: transit [-m=MOUNT] [COMMAND]");
    assertThat(help("login")).startsWith("Usage: login USERNAME");
    CommandLine encrypt = commands.getSubcommands().get("transit").getSubcommands().get("encrypt");
    assertThat(encrypt.getUsageMessage()).startsWith("Usage: transit encrypt ");
    assertThat(Shell.typedName(encrypt.getCommandSpec())).isEqualTo("transit encrypt");
  }

  @Test
  void noDescriptionBreaksOffMidSentence() {
    assertThat(HelpTexts.linesEndingMidSentence(commands)).isEmpty();
  }
}
