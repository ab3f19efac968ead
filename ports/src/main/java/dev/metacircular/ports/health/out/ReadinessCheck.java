package dev.metacircular.ports.health.out;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

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

  /** A check named {@code name} answering {@code problem}. */
  static ReadinessCheck of(String name, Supplier<Optional<String>> problem) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(problem, "problem");
    return new ReadinessCheck() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Optional<String> problem() {
        return problem.get();
      }
    };
  }
}
