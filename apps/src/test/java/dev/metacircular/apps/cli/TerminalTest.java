package dev.metacircular.apps.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TerminalTest {

  private static Terminal withStdin(InputStream in) {
    return new Terminal(
        new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), in, null);
  }

  private static Terminal withStdin(String text) {
    return withStdin(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void withoutAConsoleExactlyOneLineIsRead() {
    ByteArrayInputStream in =
        new ByteArrayInputStream("pässword one\r\nsecond line\n".getBytes(StandardCharsets.UTF_8));

    assertThat(withStdin(in).readNewPassword("Password"))
        .containsExactly("pässword one".toCharArray());
    assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("second line\n");
  }

  @Test
  void aLastLineWithoutNewlineCounts() {
    assertThat(withStdin("abc").readNewPassword("Password")).containsExactly('a', 'b', 'c');
  }

  @Test
  void emptyInputIsRefused() {
    assertThatThrownBy(() -> withStdin("").readNewPassword("Password"))
        .hasMessage("no password on standard input");
  }

  @Test
  void anOverlongLineIsRefusedNotTruncated() {
    String longLine = "x".repeat(Terminal.MAX_PASSWORD_CHARS + 5) + "\n";

    assertThatThrownBy(() -> withStdin(longLine).readNewPassword("Password"))
        .hasMessageContaining("longer than " + Terminal.MAX_PASSWORD_CHARS);
  }

  @Test
  void tablesAlignColumnsAndNeutraliseControlCharacters() {
    StringWriter s = new StringWriter();
    new TextTable("ID", "NAME").row(1, "alice").row(22, "bob\u001b[31m").print(new PrintWriter(s));

    assertThat(s.toString().split("\\R")).containsExactly("ID  NAME", "1   alice", "22  bob?[31m");
  }
}
