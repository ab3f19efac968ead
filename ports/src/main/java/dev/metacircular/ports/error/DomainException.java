package dev.metacircular.ports.error;

import dev.metacircular.ports.storage.StorageProblem;
import java.time.Duration;
import java.util.Objects;

/**
 * A request the core refused, as opposed to a failure of the core itself ("rejected" vs "broken").
 *
 * <p>Each subclass is one kind of refusal, and every front door answers a kind the same way (the
 * HTTP doors through one status table in {@code adapters-http}, {@code HttpStatuses}; the gRPC door
 * through its own table of gRPC codes): the contracts say what happened, not how HTTP spells it.
 * The message is short, safe to show to a client and never contains secret material. Anything that
 * is not a {@code DomainException} is an internal failure and must surface as a generic 500 without
 * details.
 */
public abstract sealed class DomainException extends RuntimeException
    permits DomainException.InvalidInput,
        DomainException.Unauthenticated,
        DomainException.Forbidden,
        DomainException.NotFound,
        DomainException.Conflict,
        DomainException.PreconditionFailed,
        DomainException.TooManyRequests,
        DomainException.Unavailable {

  private DomainException(String message) {
    super(Objects.requireNonNull(message, "message"), null, false, false);
  }

  /** The request is malformed or a field is invalid. */
  public static final class InvalidInput extends DomainException {
    public InvalidInput(String message) {
      super(message);
    }
  }

  /** No valid credentials or token. */
  public static final class Unauthenticated extends DomainException {
    public Unauthenticated(String message) {
      super(message);
    }
  }

  /** Authenticated, but not allowed. */
  public static final class Forbidden extends DomainException {
    public Forbidden(String message) {
      super(message);
    }
  }

  /** The named thing does not exist. */
  public static final class NotFound extends DomainException {
    public NotFound(String message) {
      super(message);
    }
  }

  /** The request conflicts with current state (duplicate name, ...). */
  public static final class Conflict extends DomainException {
    public Conflict(String message) {
      super(message);
    }
  }

  /** The service is not in a state that allows the request (e.g. not initialized). */
  public static final class PreconditionFailed extends DomainException {
    public PreconditionFailed(String message) {
      super(message);
    }
  }

  /** Rate limit or lockout; {@link #retryAfter()} says when to try again. */
  public static final class TooManyRequests extends DomainException {
    private final Duration retryAfter;

    public TooManyRequests(String message, Duration retryAfter) {
      super(message);
      this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    }

    public Duration retryAfter() {
      return retryAfter;
    }

    /** Whole seconds, rounded up, at least 1: the value of an HTTP Retry-After header. */
    public long retryAfterSeconds() {
      long millis = retryAfter.toMillis();
      return Math.max(1, (millis + 999) / 1000);
    }
  }

  /** The service cannot answer now (sealed, shutting down, its store refusing writes). */
  public static sealed class Unavailable extends DomainException permits StorageUnavailable {
    public Unavailable(String message) {
      super(message);
    }
  }

  /**
   * The store refused a write: its disk is full or its file is read-only. Every door answers it
   * like any {@link Unavailable} (503, gRPC UNAVAILABLE) with the problem's words ({@code storage
   * full}, {@code storage read-only}); nothing was written, and the service recovers by itself once
   * space returns or the file is writable again.
   */
  public static final class StorageUnavailable extends Unavailable {
    private final transient StorageProblem problem;

    public StorageUnavailable(StorageProblem problem) {
      super(Objects.requireNonNull(problem, "problem").message());
      this.problem = problem;
    }

    public StorageProblem problem() {
      return problem;
    }
  }
}
