package dev.metacircular.apps.shell;

import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;

/**
 * Colours for the prompt, errors and headings: on for a real terminal, off when the terminal is
 * dumb (a pipe, a test) or {@code NO_COLOR} is set (https://no-color.org).
 */
final class Styles {
  private final Terminal terminal;
  private final boolean enabled;

  Styles(Terminal terminal, boolean enabled) {
    this.terminal = terminal;
    this.enabled = enabled;
  }

  static boolean wanted(Terminal terminal, java.util.Map<String, String> env) {
    String noColor = env.get("NO_COLOR");
    if (noColor != null && !noColor.isEmpty()) {
      return false;
    }
    String type = terminal.getType();
    return type != null && !type.startsWith(Terminal.TYPE_DUMB);
  }

  String error(String text) {
    return paint(text, AttributedStyle.DEFAULT.foreground(AttributedStyle.RED).bold());
  }

  String ok(String text) {
    return paint(text, AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN));
  }

  String warn(String text) {
    return paint(text, AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW));
  }

  String bold(String text) {
    return paint(text, AttributedStyle.BOLD);
  }

  String dim(String text) {
    return paint(text, AttributedStyle.DEFAULT.faint());
  }

  /** The colour of a seal state: green unsealed, yellow sealed, red otherwise. */
  String state(String state) {
    if ("unsealed".equals(state)) {
      return ok(state);
    }
    if ("sealed".equals(state) || "initializing".equals(state)) {
      return warn(state);
    }
    return error(state);
  }

  private String paint(String text, AttributedStyle style) {
    if (!enabled) {
      return text;
    }
    return new AttributedString(text, style).toAnsi(terminal);
  }
}
