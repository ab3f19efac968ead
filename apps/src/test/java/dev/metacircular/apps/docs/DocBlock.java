package dev.metacircular.apps.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One fenced code block of a Markdown page: its language, its text, the line its first line is on,
 * and what a comment right before it says (a blank line between them is allowed): {@code <!--
 * docs-test: skip (reason) -->} that it is not run, {@code <!-- docs-test: output -->} that it is
 * what the shell block before it prints.
 */
record DocBlock(
    Path file,
    int line,
    String language,
    String text,
    Optional<String> skipReason,
    boolean printedByTheBlockBefore) {
  /** The fence languages the docs test runs with bash. */
  static final Set<String> SHELL = Set.of("sh", "bash", "shell");

  private static final Pattern FENCE = Pattern.compile("^(```+)\\s*([\\w+-]*).*$");
  private static final Pattern OUTPUT = Pattern.compile("^<!--\\s*docs-test:\\s*output\\s*-->$");
  private static final Pattern SKIP =
      Pattern.compile("^<!--\\s*docs-test:\\s*skip\\s*\\((.+)\\)\\s*-->\\s*$");

  DocBlock {
    if (line < 1 || language == null || text == null || skipReason == null) {
      throw new IllegalArgumentException(
          "a block needs a line, a language, text and a skip reason");
    }
  }

  boolean isShell() {
    return SHELL.contains(language);
  }

  /** Where the block is, as an editor takes it: {@code docs/crypto.md:120}. */
  String where(Path root) {
    return root.relativize(file) + ":" + line;
  }

  /** Every fenced block of {@code file}, in order. */
  static List<DocBlock> read(Path file) {
    List<String> lines = lines(file);
    List<DocBlock> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher open = FENCE.matcher(lines.get(i));
      if (!open.matches()) {
        continue;
      }
      String fence = open.group(1);
      StringBuilder text = new StringBuilder();
      int j = i + 1;
      while (j < lines.size() && !lines.get(j).startsWith(fence)) {
        text.append(lines.get(j)).append('\n');
        j++;
      }
      blocks.add(
          new DocBlock(
              file,
              i + 2,
              open.group(2),
              text.toString(),
              markerBefore(lines, i)
                  .map(SKIP::matcher)
                  .filter(Matcher::matches)
                  .map(m -> m.group(1).strip()),
              markerBefore(lines, i).map(OUTPUT::matcher).filter(Matcher::matches).isPresent()));
      i = j;
    }
    return blocks;
  }

  /**
   * Indented (4-space) code blocks whose first line is a command: the docs test cannot see them, so
   * a shell example must be fenced as {@code ```sh} instead.
   */
  static List<String> indentedCommands(Path file) {
    List<String> lines = lines(file);
    Pattern command =
        Pattern.compile("^    (\\./mc|\\./mvnw|curl|export|sqlite3|grpcurl|TOKEN=) .*");
    List<String> found = new ArrayList<>();
    boolean inFence = false;
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i);
      if (l.startsWith("```")) {
        inFence = !inFence;
        continue;
      }
      boolean startsBlock = i == 0 || lines.get(i - 1).isBlank();
      if (!inFence && startsBlock && command.matcher(l).matches()) {
        found.add(file.getFileName() + ":" + (i + 1) + ": " + l.strip());
      }
    }
    return found;
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The {@code <!-- docs-test: ... -->} comment right before a fence, if there is one. */
  private static Optional<String> markerBefore(List<String> lines, int fenceIndex) {
    for (int k = fenceIndex - 1; k >= 0 && k >= fenceIndex - 2; k--) {
      String line = lines.get(k).strip();
      if (line.startsWith("<!--") && line.contains("docs-test:")) {
        return Optional.of(line);
      }
      if (!line.isEmpty()) {
        break;
      }
    }
    return Optional.empty();
  }
}
