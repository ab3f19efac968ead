package dev.metacircular.ports.scheduler;

import dev.metacircular.ports.error.DomainException;
import java.util.Locale;

/**
 * Where a service without an explicit node goes: core services on the master, others on workers.
 */
public enum Tier {
  CORE,
  WORKER;

  /** The tier as written in a service definition. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code core} or {@code worker}; anything else is refused. */
  public static Tier parse(String text) {
    for (Tier tier : values()) {
      if (tier.wireName().equals(text)) {
        return tier;
      }
    }
    throw new DomainException.InvalidInput("tier must be core or worker, not \"" + text + "\"");
  }
}
