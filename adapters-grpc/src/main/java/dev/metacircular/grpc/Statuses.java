package dev.metacircular.grpc;

import dev.metacircular.ports.error.DomainException;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A refusal of the core ({@link DomainException}) becomes the gRPC status that mirrors REST's HTTP
 * status, with the core's short, client-safe message. Anything else is a failure: INTERNAL
 * "internal error" to the client, the stack trace to the server log only.
 */
final class Statuses {
  static final String INTERNAL_ERROR = "internal error";

  /** Trailer of a RESOURCE_EXHAUSTED answer: whole seconds to wait, like HTTP's Retry-After. */
  static final Metadata.Key<String> RETRY_AFTER =
      Metadata.Key.of("retry-after", Metadata.ASCII_STRING_MARSHALLER);

  private static final Logger LOG = LoggerFactory.getLogger(Statuses.class);

  private Statuses() {}

  /** The status of a refusal (REST: 400/401/403/404/409/412/429/503). */
  static Status.Code code(DomainException e) {
    if (e instanceof DomainException.InvalidInput) {
      return Status.Code.INVALID_ARGUMENT;
    } else if (e instanceof DomainException.Unauthenticated) {
      return Status.Code.UNAUTHENTICATED;
    } else if (e instanceof DomainException.Forbidden) {
      return Status.Code.PERMISSION_DENIED;
    } else if (e instanceof DomainException.NotFound) {
      return Status.Code.NOT_FOUND;
    } else if (e instanceof DomainException.Conflict) {
      return Status.Code.ALREADY_EXISTS;
    } else if (e instanceof DomainException.PreconditionFailed) {
      return Status.Code.FAILED_PRECONDITION;
    } else if (e instanceof DomainException.TooManyRequests) {
      return Status.Code.RESOURCE_EXHAUSTED;
    } else {
      return Status.Code.UNAVAILABLE;
    }
  }

  /** The exception to close a call with; logs (with the trace) anything that is not a refusal. */
  static StatusRuntimeException of(Throwable failure, String method) {
    if (failure instanceof StatusRuntimeException already) {
      return already;
    }
    if (failure instanceof DomainException refused) {
      Metadata trailers = new Metadata();
      if (refused instanceof DomainException.TooManyRequests limited) {
        trailers.put(RETRY_AFTER, Long.toString(limited.retryAfterSeconds()));
      }
      return Status.fromCode(code(refused))
          .withDescription(refused.getMessage())
          .asRuntimeException(trailers);
    }
    LOG.error("internal error on {}", method, failure);
    return Status.INTERNAL.withDescription(INTERNAL_ERROR).asRuntimeException();
  }
}
