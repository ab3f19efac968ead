package dev.metacircular.apps.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A shell block made ready to run, and what its comments say it prints.
 *
 * <p>Only two things in the reader's text change: the dev-mode ports the docs name (8443, 8444,
 * 9443, 9444 after {@code 127.0.0.1:} or {@code localhost:}) become the ports the test's dev mode
 * listens on, and marker lines are put between top-level commands. A comment line that starts with
 * JSON ({@code # {...}} or {@code # [...]}, continued on {@code # ...} lines) is what the command
 * above it prints; it becomes a marker so the runner can compare that command's output with it by
 * shape ({@link JsonShape}). {@code (HTTP 400)} after the JSON is the status it must answer with.
 */
final class BlockScript {
  /** One "what it prints" comment: its number, its line in the Markdown file, the JSON text. */
  record Expectation(int number, int line, String json, OptionalInt status) {}

  private static final Pattern PORT =
      Pattern.compile("(127\\.0\\.0\\.1|localhost):(8443|8444|9443|9444)\\b");
  private static final Pattern EXPECTED = Pattern.compile("^# ([\\[{].*)$");
  private static final Pattern CONTINUED = Pattern.compile("^#  +(\\S.*)$");
  private static final Pattern STATUS = Pattern.compile("\\(HTTP (\\d{3})\\)\\s*$");
  private static final Pattern HEREDOC = Pattern.compile("<<-?\\s*'?\"?(\\w+)'?\"?");

  /** Lines at column 0 that continue a compound command rather than start a new one. */
  private static final Pattern NOT_A_COMMAND =
      Pattern.compile("^(#|}|\\)|fi\\b|done\\b|esac\\b|else\\b|elif\\b|then\\b|do\\b|;;).*");

  private final String body;
  private final List<Expectation> expectations;

  private BlockScript(String body, List<Expectation> expectations) {
    this.body = body;
    this.expectations = List.copyOf(expectations);
  }

  String body() {
    return body;
  }

  List<Expectation> expectations() {
    return expectations;
  }

  /**
   * @param ports the docs' port → the running port
   */
  static BlockScript of(DocBlock block, Map<Integer, Integer> ports) {
    String[] lines = block.text().split("\n", -1);
    StringBuilder out = new StringBuilder();
    List<Expectation> expectations = new ArrayList<>();
    String heredocEnd = null;
    boolean continues = false;
    for (int i = 0; i < lines.length; i++) {
      String line = rewritePorts(lines[i], ports);
      int markdownLine = block.line() + i;
      if (heredocEnd != null) {
        out.append(line).append('\n');
        if (line.strip().equals(heredocEnd)) {
          heredocEnd = null;
        }
        continue;
      }
      Matcher expected = EXPECTED.matcher(line);
      if (expected.matches()) {
        StringBuilder json = new StringBuilder(expected.group(1));
        while (i + 1 < lines.length && CONTINUED.matcher(lines[i + 1]).matches()) {
          Matcher more = CONTINUED.matcher(lines[++i]);
          more.matches();
          json.append(' ').append(more.group(1));
        }
        Matcher status = STATUS.matcher(json);
        OptionalInt code =
            status.find() ? OptionalInt.of(Integer.parseInt(status.group(1))) : OptionalInt.empty();
        int number = expectations.size();
        expectations.add(new Expectation(number, markdownLine, json.toString(), code));
        out.append("__docs_mark ").append(number).append('\n');
        continue;
      }
      boolean startsCommand =
          !continues && !line.isEmpty() && !Character.isWhitespace(line.charAt(0));
      if (startsCommand && !NOT_A_COMMAND.matcher(line).matches()) {
        out.append("__docs_cmd ").append(markdownLine).append('\n');
      }
      out.append(line).append('\n');
      String code = line.replaceAll("\\s+#.*$", "").stripTrailing();
      continues = code.endsWith("\\") || code.endsWith("|") || code.endsWith("&&");
      Matcher heredoc = HEREDOC.matcher(code);
      if (heredoc.find() && !code.contains("<<<")) {
        heredocEnd = heredoc.group(1);
      }
    }
    return new BlockScript(out.toString(), expectations);
  }

  static String rewritePorts(String line, Map<Integer, Integer> ports) {
    Matcher m = PORT.matcher(line);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      int port = ports.getOrDefault(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(2)));
      m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + ":" + port));
    }
    m.appendTail(out);
    return out.toString();
  }
}
