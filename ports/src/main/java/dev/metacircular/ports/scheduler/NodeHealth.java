package dev.metacircular.ports.scheduler;

import java.util.Locale;

/** Whether the master may place work on a node: three missed probes make it unhealthy. */
public enum NodeHealth {
  HEALTHY,
  UNHEALTHY;

  /** The health as shown by {@code mcp nodes} ({@code healthy}, {@code unhealthy}). */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
