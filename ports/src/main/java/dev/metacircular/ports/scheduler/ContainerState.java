package dev.metacircular.ports.scheduler;

import java.util.Locale;

/** What a managed container is doing, reduced to what reconciliation needs. */
public enum ContainerState {
  /** Up (Podman: running). */
  RUNNING,
  /** Present but not running (Podman: created, exited, stopped, paused, dead...). */
  STOPPED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
