package dev.metacircular.ports.scheduler;

import dev.metacircular.ports.error.DomainException;
import java.util.Locale;

/** How a route is served: raw TCP ({@code l4}) or TLS-terminating HTTP ({@code l7}). */
public enum RouteMode {
  L4,
  L7;

  /** The mode as written in a service definition. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code l4} or {@code l7}; anything else is refused. */
  public static RouteMode parse(String text) {
    for (RouteMode mode : values()) {
      if (mode.wireName().equals(text)) {
        return mode;
      }
    }
    throw new DomainException.InvalidInput("route mode must be l4 or l7, not \"" + text + "\"");
  }
}
