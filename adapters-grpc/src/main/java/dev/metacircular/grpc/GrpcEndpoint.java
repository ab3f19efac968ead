package dev.metacircular.grpc;

import com.google.protobuf.ByteString;
import dev.metacircular.grpc.proto.audit.v1.AuditEvent;
import dev.metacircular.grpc.proto.audit.v1.AuditServiceGrpc;
import dev.metacircular.grpc.proto.audit.v1.TailRequest;
import dev.metacircular.ports.client.BearerToken;
import dev.metacircular.ports.client.PinnedTrust;
import dev.metacircular.ports.client.Unreachable;
import dev.metacircular.ports.client.out.AuditFollower;
import dev.metacircular.ports.error.DomainException;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ChannelCredentials;
import io.grpc.Context;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;

/**
 * One service's gRPC API (docs/grpc.md) as a client calls it, over TLS with only the pinned CA
 * certificate trusted when one is given and the host name verified. The session token travels as
 * the {@code authorization: Bearer <token>} metadata the servers' auth interceptor reads. A
 * refusal's status becomes the same {@code DomainException} the REST client raises for the matching
 * HTTP status, with the service's message, so the shell prints the same line over either transport;
 * transport failures are {@link Unreachable}.
 */
public final class GrpcEndpoint implements AutoCloseable {
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration QUICK_TIMEOUT = Duration.ofSeconds(3);

  /** How many of the newest events a tail starts with, to cover what came since the last query. */
  private static final int TAIL_OVERLAP = 100;

  private final String address;
  private final ManagedChannel channel;
  private final BearerToken token;

  private GrpcEndpoint(String address, ManagedChannel channel, BearerToken token) {
    this.address = address;
    this.channel = channel;
    this.token = token;
  }

  /**
   * @param base the service's gRPC address as {@code https://host:port} (the same form as the REST
   *     addresses, the port being the gRPC one)
   * @param caCert PEM file with the CA certificate(s) to trust, or null for the JDK's trust store
   * @param token the session token shared by every endpoint of one shell
   */
  public static GrpcEndpoint of(URI base, Path caCert, BearerToken token) {
    if (base == null
        || !"https".equalsIgnoreCase(base.getScheme())
        || base.getHost() == null
        || base.getPort() < 0
        || !(base.getPath() == null || base.getPath().isEmpty() || base.getPath().equals("/"))) {
      throw new IllegalArgumentException(
          "a gRPC address must be https://host:port (the service's grpc_addr), got " + base);
    }
    String address = base.getHost() + ":" + base.getPort();
    ManagedChannel channel =
        Grpc.newChannelBuilderForAddress(base.getHost(), base.getPort(), credentials(caCert))
            .build();
    return new GrpcEndpoint(address, channel, token);
  }

  /** {@code host:port}, for messages. */
  public String address() {
    return address;
  }

  /**
   * Ends the channel's reconnect back-off so the next call dials at once: a prober that calls every
   * few seconds (the control plane's heartbeat) sees a returning peer on its next probe rather than
   * after a back-off of up to two minutes.
   */
  void reconnectNow() {
    channel.resetConnectBackoff();
  }

  BearerToken token() {
    return token;
  }

  /** A stub for a call without a token (public methods). */
  <S extends AbstractStub<S>> S open(Function<ManagedChannel, S> stub) {
    return stub.apply(channel).withDeadlineAfter(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** A stub without a token and with a short deadline (the prompt's state, health). */
  <S extends AbstractStub<S>> S quick(Function<ManagedChannel, S> stub) {
    return stub.apply(channel).withDeadlineAfter(QUICK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * A stub that sends the session token; {@code Unauthenticated} before any call when logged out,
   * as over REST.
   */
  <S extends AbstractStub<S>> S authed(Function<ManagedChannel, S> stub) {
    Metadata headers = new Metadata();
    headers.put(AUTHORIZATION, "Bearer " + token.require());
    return open(stub).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  /**
   * One unary call of any method, for calls made the same way on both services whose messages live
   * in different protobuf packages (each service's {@code AuthService}).
   */
  @SuppressWarnings("unchecked")
  <Q, R> R unary(MethodDescriptor<Q, R> method, Object request, boolean withToken) {
    AnyMethodStub stub = withToken ? authed(AnyMethodStub::new) : open(AnyMethodStub::new);
    return ClientCalls.blockingUnaryCall(
        stub.getChannel(), method, stub.getCallOptions(), (Q) request);
  }

  /** A stub for no service in particular: deadline and interceptors as any other stub of ours. */
  private static final class AnyMethodStub extends AbstractStub<AnyMethodStub> {
    AnyMethodStub(Channel channel) {
      super(channel);
    }

    private AnyMethodStub(Channel channel, CallOptions options) {
      super(channel, options);
    }

    @Override
    protected AnyMethodStub build(Channel channel, CallOptions options) {
      return new AnyMethodStub(channel, options);
    }
  }

  /** A stub that sends the session token and has no deadline: a stream that runs until closed. */
  <S extends AbstractStub<S>> S authedStream(Function<ManagedChannel, S> stub) {
    Metadata headers = new Metadata();
    headers.put(AUTHORIZATION, "Bearer " + token.require());
    return stub.apply(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  /**
   * {@code metacircular.audit.v1.AuditService.Tail} with follow, read on its own daemon thread. The
   * server starts with the last events before the call ({@code n}), so those already shown ({@code
   * afterId} and below) are skipped; whatever was written between the caller's last query and this
   * call is within them.
   */
  AuditFollower.Following tail(
      long afterId,
      java.util.function.Consumer<dev.metacircular.ports.audit.AuditEvent> sink,
      java.util.function.Consumer<RuntimeException> failed) {
    AuditServiceGrpc.AuditServiceBlockingStub stub =
        authedStream(AuditServiceGrpc::newBlockingStub);
    TailRequest request = TailRequest.newBuilder().setN(TAIL_OVERLAP).setFollow(true).build();
    Context.CancellableContext context = Context.current().withCancellation();
    Thread reader =
        new Thread(
            () ->
                context.run(
                    () -> {
                      try {
                        Iterator<AuditEvent> events = stub.tail(request);
                        while (events.hasNext()) {
                          AuditEvent e = events.next();
                          if (e.getId() > afterId) {
                            sink.accept(GrpcServiceClient.event(e));
                          }
                        }
                        if (!context.isCancelled()) {
                          failed.accept(new Unreachable(address + " ended the audit stream"));
                        }
                      } catch (StatusRuntimeException e) {
                        if (!context.isCancelled()) {
                          failed.accept(refusal(e));
                        }
                      } catch (RuntimeException e) {
                        if (!context.isCancelled()) {
                          failed.accept(e);
                        }
                      }
                    }),
            "mc-shell-audit-tail");
    reader.setDaemon(true);
    reader.start();
    return () -> {
      context.cancel(null);
      try {
        reader.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
  }

  /** Runs one call, turning its failure status into what the REST client would raise. */
  <T> T call(Supplier<T> rpc) {
    try {
      return rpc.get();
    } catch (StatusRuntimeException e) {
      throw refusal(e);
    }
  }

  /** A run-only call. */
  void run(Runnable rpc) {
    call(
        () -> {
          rpc.run();
          return null;
        });
  }

  RuntimeException refusal(StatusRuntimeException e) {
    Status status = e.getStatus();
    String message =
        status.getDescription() == null || status.getDescription().isEmpty()
            ? status.getCode().name()
            : status.getDescription();
    switch (status.getCode()) {
      case INVALID_ARGUMENT:
        return new DomainException.InvalidInput(message);
      case UNAUTHENTICATED:
        return new DomainException.Unauthenticated(message);
      case PERMISSION_DENIED:
        return new DomainException.Forbidden(message);
      case NOT_FOUND:
        return new DomainException.NotFound(message);
      case ALREADY_EXISTS:
        return new DomainException.Conflict(message);
      case FAILED_PRECONDITION:
        return new DomainException.PreconditionFailed(message);
      case RESOURCE_EXHAUSTED:
        long seconds = retryAfter(e.getTrailers());
        return new DomainException.TooManyRequests(
            message + " (retry in " + seconds + " s)", Duration.ofSeconds(seconds));
      case UNAVAILABLE:
        // A status the server sent (sealed) has no local cause; one made by the channel because
        // the connection failed carries the I/O failure.
        if (status.getCause() == null && !"io exception".equals(status.getDescription())) {
          return new DomainException.Unavailable(message);
        }
        return unreachable(status);
      case DEADLINE_EXCEEDED:
        return new Unreachable(address + " did not answer in time");
      case CANCELLED:
        return new Unreachable("interrupted");
      case UNIMPLEMENTED:
        return new DomainException.NotFound(message);
      default:
        return new Unreachable(address + " answered " + status.getCode() + ": " + message);
    }
  }

  private RuntimeException unreachable(Status status) {
    // The next call tries to connect again at once instead of waiting out the back-off.
    channel.resetConnectBackoff();
    Throwable root = status.getCause();
    for (Throwable t = root; t != null; t = t.getCause()) {
      if (t instanceof SSLException) {
        return new Unreachable(
            "TLS handshake with " + address + " failed (wrong --ca-cert, or not a TLS server?)");
      }
      root = t;
    }
    return new Unreachable(
        "cannot reach "
            + address
            + (root == null ? "" : " (" + root.getClass().getSimpleName() + ")"));
  }

  private static long retryAfter(Metadata trailers) {
    String value = trailers == null ? null : trailers.get(Statuses.RETRY_AFTER);
    try {
      return value == null ? 1 : Math.max(1, Long.parseLong(value.trim()));
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  /**
   * A password as the UTF-8 bytes of a protobuf string field, without passing through a {@code
   * String}; the intermediate buffer is wiped (the message's own bytes are garbage once the call
   * ends, as on the server).
   */
  static ByteString secret(char[] password) {
    if (password == null) {
      return ByteString.EMPTY;
    }
    ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
    try {
      return ByteString.copyFrom(bytes.duplicate());
    } finally {
      Arrays.fill(bytes.array(), (byte) 0);
    }
  }

  private static ChannelCredentials credentials(Path caCert) {
    TlsChannelCredentials.Builder tls = TlsChannelCredentials.newBuilder();
    if (caCert != null) {
      tls.trustManager(PinnedTrust.managers(caCert));
    }
    return tls.build();
  }

  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
