package dev.metacircular.ports.seal;

import java.util.Locale;

/**
 * Where the crypto service's seal barrier stands (DESIGN.md §3.1): {@code UNINITIALIZED} until
 * {@code init}; {@code INITIALIZING} while init runs; then {@code UNSEALED} ⇄ {@code SEALED}. An
 * initialized service is {@code SEALED} after every process start.
 */
public enum SealState {
  UNINITIALIZED,
  INITIALIZING,
  SEALED,
  UNSEALED;

  /** The lower-case name used on every door ({@code {"state":"sealed"}}). */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
