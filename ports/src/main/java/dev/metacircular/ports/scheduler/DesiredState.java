package dev.metacircular.ports.scheduler;

import java.util.Locale;

/** What an operator asked of a service: keep it running, or keep it stopped. */
public enum DesiredState {
  RUNNING,
  STOPPED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static DesiredState parse(String text) {
    return valueOf(text.toUpperCase(Locale.ROOT));
  }
}
