package dev.metacircular.ports.client;

/**
 * The service could not be reached or answered something that is not its API: a transport failure,
 * as opposed to a refusal (a {@code DomainException} carrying the service's own message).
 */
public final class Unreachable extends RuntimeException {
  public Unreachable(String message) {
    super(message);
  }
}
