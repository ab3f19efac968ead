package dev.metacircular.apps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.apps.cli.CommandEnvironment;
import dev.metacircular.apps.cli.Run;
import dev.metacircular.apps.cli.Terminal;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What {@code mc}'s help and usage errors tell a reader. */
class HelpTextTest {

  @Test
  void mcWithoutACommandNamesEveryCommandShellIncluded() {
    Run.Result r = Run.mc(Map.of());

    assertThat(r.exitCode()).isEqualTo(Main.USAGE);
    assertThat(r.err())
        .startsWith(
            "missing command (one of: mcias, metacrypt, dev, shell, backup, restore, mcp; 'mc --help' says");
  }

  @Test
  void eachGroupWithoutACommandNamesAllOfItsCommands() {
    assertThat(Run.mc(Map.of(), "mcias").err())
        .startsWith("missing command (one of: server, db, audit; 'mc mcias --help'");
    assertThat(Run.mc(Map.of(), "metacrypt").err())
        .startsWith(
            "missing command (one of: server, init, status, snapshot, rekey, audit;"
                + " 'mc metacrypt --help'");
  }

  @Test
  void noDescriptionBreaksOffMidSentence() {
    CommandLine tree =
        Main.commandLine(
            new CommandEnvironment(
                new Terminal(
                    new PrintWriter(new StringWriter()),
                    new PrintWriter(new StringWriter()),
                    InputStream.nullInputStream(),
                    null),
                Map.of()));

    assertThat(HelpTexts.linesEndingMidSentence(tree)).isEmpty();
  }

  @Test
  void helpLinesFitTheUsageWidthAndAPhraseStaysOnOneLine() {
    String help = Run.mc(Map.of(), "--help").out();
    String dev = Run.mc(Map.of(), "dev", "--help").out();

    assertThat((help + dev).lines())
        .allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(100));
    assertThat(help).contains("(like 'vault server -dev')");
    assertThat(dev)
        .contains("its CA (mount pki), whose root (ca.pem)")
        .doesNotContain("(ca.pem)" + System.lineSeparator());
  }
}
