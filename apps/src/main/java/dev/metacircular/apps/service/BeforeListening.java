package dev.metacircular.apps.service;

/**
 * A step a service runs once its core is open and before any door listens: what a client must never
 * see half-done (dev mode unseals the crypto service here, so its first answer is already {@code
 * unsealed}). A module contributes one to the set; they run in that order.
 */
@FunctionalInterface
public interface BeforeListening {

  /** Runs the step; a failure stops the start with nothing left open. */
  void run();
}
