package dev.metacircular.apps.shell.client;

/** The service could not be reached or answered something that is not its API. */
public final class Unreachable extends RuntimeException {
  public Unreachable(String message) {
    super(message);
  }
}
