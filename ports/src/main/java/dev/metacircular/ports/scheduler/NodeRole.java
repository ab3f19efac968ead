package dev.metacircular.ports.scheduler;

import dev.metacircular.ports.error.DomainException;
import java.util.Locale;

/** What a node is for (DESIGN.md §3.4): workers run services, edges none, the master core ones. */
public enum NodeRole {
  WORKER,
  EDGE,
  MASTER;

  /** The role as written in configuration ({@code worker}, {@code edge}, {@code master}). */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a configured role; anything else is refused with the accepted values. */
  public static NodeRole parse(String text) {
    for (NodeRole role : values()) {
      if (role.wireName().equals(text)) {
        return role;
      }
    }
    throw new DomainException.InvalidInput(
        "role must be worker, edge or master, not \"" + text + "\"");
  }
}
