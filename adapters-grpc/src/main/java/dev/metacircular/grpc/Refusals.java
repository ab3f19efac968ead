package dev.metacircular.grpc;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.StatusRuntimeException;

/** Closing a call from an interceptor, before any service code runs. */
final class Refusals {
  private Refusals() {}

  /** Closes {@code call} with the status of {@code failure} and ignores whatever comes next. */
  static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, Throwable failure) {
    StatusRuntimeException status =
        Statuses.of(failure, call.getMethodDescriptor().getFullMethodName());
    Metadata trailers = status.getTrailers();
    call.close(status.getStatus(), trailers == null ? new Metadata() : trailers);
    return new ServerCall.Listener<>() {};
  }
}
