package dev.metacircular.ports.error;

import java.time.Duration;
import java.util.Objects;

/**
 * A request the core refused, as opposed to a failure of the core itself ("rejected" vs "broken").
 *
 * <p>Every subclass maps to one status code on every front door; the message is short, safe to show
 * to a client and never contains secret material. Anything that is not a {@code DomainException} is
 * an internal failure and must surface as a generic 500 without details.
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

  private final int status;

  private DomainException(String message, int status) {
    super(Objects.requireNonNull(message, "message"), null, false, false);
    this.status = status;
  }

  /**
   * The HTTP status this refusal answers with (400, 401, 403, 404, 409, 412, 429 or 503): the one
   * mapping every HTTP door (JSON API, web pages) shares, and the gRPC door mirrors.
   */
  public int httpStatus() {
    return status;
  }

  /** 400: the request is malformed or a field is invalid. */
  public static final class InvalidInput extends DomainException {
    public InvalidInput(String message) {
      super(message, 400);
    }
  }

  /** 401: no valid credentials or token. */
  public static final class Unauthenticated extends DomainException {
    public Unauthenticated(String message) {
      super(message, 401);
    }
  }

  /** 403: authenticated, but not allowed. */
  public static final class Forbidden extends DomainException {
    public Forbidden(String message) {
      super(message, 403);
    }
  }

  /** 404: the named thing does not exist. */
  public static final class NotFound extends DomainException {
    public NotFound(String message) {
      super(message, 404);
    }
  }

  /** 409: the request conflicts with current state (duplicate name, ...). */
  public static final class Conflict extends DomainException {
    public Conflict(String message) {
      super(message, 409);
    }
  }

  /** 412: the service is not in a state that allows the request (e.g. not initialized). */
  public static final class PreconditionFailed extends DomainException {
    public PreconditionFailed(String message) {
      super(message, 412);
    }
  }

  /** 429: rate limit or lockout; {@link #retryAfter()} says when to try again. */
  public static final class TooManyRequests extends DomainException {
    private final Duration retryAfter;

    public TooManyRequests(String message, Duration retryAfter) {
      super(message, 429);
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

  /** 503: the service cannot answer now (sealed, shutting down). */
  public static final class Unavailable extends DomainException {
    public Unavailable(String message) {
      super(message, 503);
    }
  }
}
