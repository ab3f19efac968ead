package dev.metacircular.grpc;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Request messages that do not parse are the client's error: INVALID_ARGUMENT with a short message.
 * grpc-java parses a request before any service code runs and answers a parse failure with UNKNOWN
 * "Application error processing RPC" — for example a {@code Struct} nested past protobuf's
 * recursion limit (100 messages, about 33 Struct levels). Here each method takes the raw bytes and
 * parses them itself, inside the call, where the failure can be answered properly.
 */
final class RequestParsing {
  static final String MALFORMED = "request message is malformed or nested too deeply";

  /** Passes the request stream through untouched; {@link Guarded} parses it. */
  private static final MethodDescriptor.Marshaller<InputStream> RAW =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(InputStream value) {
          return value;
        }

        @Override
        public InputStream parse(InputStream stream) {
          return stream;
        }
      };

  private RequestParsing() {}

  /** {@code definition} with every method parsing its requests through {@link Guarded}. */
  static ServerServiceDefinition guard(ServerServiceDefinition definition) {
    ServiceDescriptor service = definition.getServiceDescriptor();
    List<ServerMethodDefinition<InputStream, ?>> methods = new ArrayList<>();
    ServiceDescriptor.Builder descriptor =
        ServiceDescriptor.newBuilder(service.getName())
            .setSchemaDescriptor(service.getSchemaDescriptor());
    for (ServerMethodDefinition<?, ?> method : definition.getMethods()) {
      ServerMethodDefinition<InputStream, ?> raw = rawMethod(method);
      methods.add(raw);
      descriptor.addMethod(raw.getMethodDescriptor());
    }
    ServerServiceDefinition.Builder out = ServerServiceDefinition.builder(descriptor.build());
    for (ServerMethodDefinition<InputStream, ?> method : methods) {
      out.addMethod(method);
    }
    return out.build();
  }

  private static <Q, R> ServerMethodDefinition<InputStream, R> rawMethod(
      ServerMethodDefinition<Q, R> method) {
    MethodDescriptor<Q, R> typed = method.getMethodDescriptor();
    MethodDescriptor<InputStream, R> raw =
        typed.toBuilder(RAW, typed.getResponseMarshaller()).build();
    ServerCallHandler<Q, R> handler = method.getServerCallHandler();
    ServerCallHandler<InputStream, R> guarded =
        (call, headers) -> {
          TypedCall<Q, R> typedCall = new TypedCall<>(call, typed);
          return new Guarded<>(handler.startCall(typedCall, headers), typedCall, typed);
        };
    return ServerMethodDefinition.create(raw, guarded);
  }

  /** The raw call as the service's typed one; remembers whether anyone closed it. */
  private static final class TypedCall<Q, R> extends ForwardingServerCall<Q, R> {
    private final ServerCall<InputStream, R> raw;
    private final MethodDescriptor<Q, R> typed;
    private volatile boolean closed;

    TypedCall(ServerCall<InputStream, R> raw, MethodDescriptor<Q, R> typed) {
      this.raw = raw;
      this.typed = typed;
    }

    @SuppressWarnings("unchecked")
    @Override
    protected ServerCall<Q, R> delegate() {
      // Only the request type differs, and requests never flow through the call object.
      return (ServerCall<Q, R>) (ServerCall<?, R>) raw;
    }

    @Override
    public MethodDescriptor<Q, R> getMethodDescriptor() {
      return typed;
    }

    @Override
    public void close(Status status, Metadata trailers) {
      closed = true;
      super.close(status, trailers);
    }
  }

  /** Parses each raw request; a failure closes the call with INVALID_ARGUMENT, once. */
  private static final class Guarded<Q, R> extends ServerCall.Listener<InputStream> {
    private final ServerCall.Listener<Q> delegate;
    private final TypedCall<Q, R> call;
    private final MethodDescriptor<Q, R> typed;
    private boolean refused;

    Guarded(ServerCall.Listener<Q> delegate, TypedCall<Q, R> call, MethodDescriptor<Q, R> typed) {
      this.delegate = delegate;
      this.call = call;
      this.typed = typed;
    }

    @Override
    public void onMessage(InputStream message) {
      if (refused) {
        return;
      }
      Q parsed;
      try {
        parsed = typed.parseRequest(message);
      } catch (RuntimeException malformed) {
        refused = true;
        if (!call.closed) {
          call.close(Status.INVALID_ARGUMENT.withDescription(MALFORMED), new Metadata());
        }
        return;
      }
      delegate.onMessage(parsed);
    }

    @Override
    public void onHalfClose() {
      // After a refusal the service never saw a request; a unary handler would fail on it.
      if (!refused) {
        delegate.onHalfClose();
      }
    }

    @Override
    public void onCancel() {
      delegate.onCancel();
    }

    @Override
    public void onComplete() {
      delegate.onComplete();
    }

    @Override
    public void onReady() {
      delegate.onReady();
    }
  }
}
