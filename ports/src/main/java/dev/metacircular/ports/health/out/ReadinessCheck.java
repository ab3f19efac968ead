package dev.metacircular.ports.health.out;

import java.util.Optional;

/**
 * Outbound port: one thing a service needs in order to be ready, checked now: its store takes a
 * write, its audit log takes an entry, the identity service answers. Implementations are cheap and
 * leave nothing behind.
 */
public interface ReadinessCheck {

  /** The check's name in the answer ({@code storage}, {@code audit}, {@code identity}). */
  String name();

  /** Empty when the check passes; otherwise the reason, in words an operator can act on. */
  Optional<String> problem();
}
