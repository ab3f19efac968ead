package dev.metacircular.ports.scheduler;

/**
 * The container runtime failed or did not answer in time. The message says which call and why, and
 * is safe to show (it never holds an environment value).
 */
public final class RuntimeFailure extends RuntimeException {

  public RuntimeFailure(String message) {
    super(message, null, false, false);
  }
}
