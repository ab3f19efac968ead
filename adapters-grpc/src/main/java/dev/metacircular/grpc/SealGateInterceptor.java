package dev.metacircular.grpc;

import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.seal.in.SealUseCase;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.util.Set;

/**
 * The crypto service's seal gate, as REST's: while the barrier is not unsealed, every method but
 * the open ones is refused before anything else happens (no token looked at, no message read, no
 * port called): FAILED_PRECONDITION "not initialized" before init, UNAVAILABLE "sealed" while
 * sealed or while init runs.
 */
final class SealGateInterceptor implements ServerInterceptor {
  static final String SEALED = "sealed";
  static final String NOT_INITIALIZED = "not initialized";

  private final SealUseCase seal;
  private final Set<String> open;

  SealGateInterceptor(SealUseCase seal, Set<String> openMethods) {
    this.seal = seal;
    this.open = Set.copyOf(openMethods);
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if (!open.contains(call.getMethodDescriptor().getFullMethodName())) {
      switch (seal.state()) {
        case UNSEALED:
          break;
        case UNINITIALIZED:
          return Refusals.refuse(call, new DomainException.PreconditionFailed(NOT_INITIALIZED));
        case SEALED:
        case INITIALIZING:
        default:
          return Refusals.refuse(call, new DomainException.Unavailable(SEALED));
      }
    }
    return next.startCall(call, headers);
  }
}
