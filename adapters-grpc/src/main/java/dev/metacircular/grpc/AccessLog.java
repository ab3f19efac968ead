package dev.metacircular.grpc;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One INFO line per call on logger {@code dev.metacircular.grpc.access}: the full method name, the
 * status code and the duration. Never metadata values (tokens travel there), never messages
 * (passwords and plaintexts travel there), never status descriptions.
 */
final class AccessLog implements ServerInterceptor {
  static final String LOGGER = "dev.metacircular.grpc.access";
  private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    long start = System.nanoTime();
    String method = call.getMethodDescriptor().getFullMethodName();
    ServerCall<Q, R> logged =
        new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
          @Override
          public void close(Status status, Metadata trailers) {
            long millis = (System.nanoTime() - start) / 1_000_000;
            LOG.info("{} {} {}ms", method, status.getCode(), millis);
            super.close(status, trailers);
          }
        };
    return next.startCall(logged, headers);
  }
}
