package dev.metacircular.grpc;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;

/**
 * A started gRPC server over TLS 1.2/1.3 with the door's interceptors, in this order for every
 * call: access log, then (crypto service) the seal gate, then authentication by the method's access
 * level, then the service; the request message is parsed inside the call ({@link RequestParsing}),
 * so one that does not parse is INVALID_ARGUMENT. Every served method must have an access level, or
 * it does not start.
 */
final class GrpcServer implements AutoCloseable {
  static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

  /** Largest metadata (headers) block accepted: a bearer token is well under 2 KiB. */
  static final int MAX_METADATA_BYTES = 8 * 1024;

  /** Streams one connection may have open at once (HTTP/2 SETTINGS_MAX_CONCURRENT_STREAMS). */
  static final int MAX_CONCURRENT_CALLS = 128;

  private final Server server;
  private final List<AutoCloseable> resources;

  private GrpcServer(Server server, List<AutoCloseable> resources) {
    this.server = server;
    this.resources = resources;
  }

  /**
   * Binds and starts. {@code gate} is null for a service without a seal barrier. Fails with {@code
   * IllegalStateException} when a method has no access level, and when the address is taken or the
   * key store is unusable.
   */
  static GrpcServer start(
      GrpcSettings settings,
      List<BindableService> services,
      MethodAccess access,
      AuthInterceptor.Authenticator authenticator,
      SealGateInterceptor gate,
      List<AutoCloseable> resources) {
    List<ServerServiceDefinition> definitions = new ArrayList<>();
    for (BindableService service : services) {
      definitions.add(service.bindService());
    }
    access.requireComplete(definitions);

    List<ServerInterceptor> interceptors = new ArrayList<>();
    // ServerInterceptors.intercept runs the last one first.
    interceptors.add(new AuthInterceptor(access, authenticator));
    if (gate != null) {
      interceptors.add(gate);
    }
    interceptors.add(new AccessLog());
    // Outermost of all: observers (metrics) see every call as the client does.
    interceptors.addAll(settings.observers());

    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(new InetSocketAddress(settings.host(), settings.port()))
            .sslContext(sslContext(settings))
            .maxInboundMessageSize(settings.maxMessageBytes())
            .maxInboundMetadataSize(MAX_METADATA_BYTES)
            .maxConcurrentCallsPerConnection(MAX_CONCURRENT_CALLS)
            .handshakeTimeout(10, TimeUnit.SECONDS)
            .maxConnectionIdle(5, TimeUnit.MINUTES);
    for (ServerServiceDefinition definition : definitions) {
      // Outermost: a request that does not parse is refused before any interceptor runs on it.
      builder.addService(
          RequestParsing.guard(ServerInterceptors.intercept(definition, interceptors)));
    }
    Server server = builder.build();
    try {
      server.start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "gRPC server cannot listen on " + settings.host() + ":" + settings.port(), e);
    }
    return new GrpcServer(server, resources);
  }

  private static SslContext sslContext(GrpcSettings settings) {
    try {
      SslContextBuilder builder;
      if (settings.liveKeys() != null) {
        builder = SslContextBuilder.forServer(settings.liveKeys());
      } else {
        KeyManagerFactory keys =
            KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(settings.keyStore(), settings.keyStorePassword());
        builder = SslContextBuilder.forServer(keys);
      }
      return GrpcSslContexts.configure(builder)
          .protocols(PROTOCOLS)
          .clientAuth(ClientAuth.NONE)
          .build();
    } catch (GeneralSecurityException | SSLException e) {
      throw new IllegalStateException("the TLS key store cannot be used", e);
    }
  }

  int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    server.shutdown();
    try {
      if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
    for (AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (Exception e) {
        throw new IllegalStateException("could not close " + resource, e);
      }
    }
  }
}
