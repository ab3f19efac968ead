package dev.metacircular.web.common;

import java.util.Locale;
import java.util.Objects;

/** A one-shot message for the next page: "key created", "mount removed". */
public record Flash(Kind kind, String message) {
  public enum Kind {
    SUCCESS,
    ERROR;

    /** The CSS class of the message box. */
    public String css() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public Flash {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(message, "message");
  }
}
