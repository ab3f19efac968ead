package dev.metacircular.apps;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Checks over a picocli command tree's help texts, shared by the mc and the shell help tests. */
public final class HelpTexts {
  /**
   * A description line picocli prints as its own line must end a sentence (or a clause ending in a
   * colon): otherwise the help shows a line broken in the middle of a sentence.
   */
  private static final Pattern ENDS_A_SENTENCE = Pattern.compile(".*[.:!?][)\"']?$");

  /** A line that ends with an example command ("Example: ...", "... with: account ..."). */
  private static final Pattern EXAMPLE = Pattern.compile("(Example|.* with): \\S.*");

  private HelpTexts() {}

  /** Every description line of every command in the tree that stops in the middle of a sentence. */
  public static List<String> linesEndingMidSentence(CommandLine tree) {
    List<String> found = new ArrayList<>();
    collect(tree, found);
    return found;
  }

  private static void collect(CommandLine command, List<String> found) {
    String[] lines = command.getCommandSpec().usageMessage().description();
    if (lines.length > 1) {
      for (String line : lines) {
        String text = line.strip().replace("%n", "");
        if (!ENDS_A_SENTENCE.matcher(text).matches() && !EXAMPLE.matcher(text).matches()) {
          found.add(command.getCommandSpec().qualifiedName() + ": " + line);
        }
      }
    }
    for (CommandLine sub : command.getSubcommands().values()) {
      collect(sub, found);
    }
  }
}
