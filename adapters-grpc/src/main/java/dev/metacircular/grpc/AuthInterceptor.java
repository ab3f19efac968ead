package dev.metacircular.grpc;

import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.error.DomainException;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Locale;

/**
 * Turns the {@code authorization: Bearer <token>} metadata into a caller, through the port the
 * service authenticates with, according to the method's {@link Access}: public methods pass a
 * presented token on without checking it, authenticated ones need a valid token
 * (UNAUTHENTICATED otherwise), admin ones an admin's (PERMISSION_DENIED "admin role required"
 * otherwise, the core's own answer). A method with no access level is refused (the server does not
 * start with one; this is the second lock).
 */
final class AuthInterceptor implements ServerInterceptor {
  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final String SCHEME = "bearer ";

  /** A port call that turns a presented token and the client address into a caller. */
  @FunctionalInterface
  interface Authenticator {
    /** The caller the token stands for; {@code DomainException.Unauthenticated} otherwise. */
    Caller authenticate(String bearerToken, String sourceAddress);
  }

  private final MethodAccess access;
  private final Authenticator authenticator;

  AuthInterceptor(MethodAccess access, Authenticator authenticator) {
    this.access = access;
    this.authenticator = authenticator;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String method = call.getMethodDescriptor().getFullMethodName();
    Access level = access.of(method).orElse(null);
    if (level == null) {
      return Refusals.refuse(
          call, new DomainException.Forbidden("method has no access level"));
    }
    String source = source(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
    String token = token(headers.get(AUTHORIZATION));
    Context context = Context.current().withValue(Door.SOURCE, source).withValue(Door.METHOD, method);
    if (token != null) {
      context = context.withValue(Door.TOKEN, token);
    }
    if (level != Access.PUBLIC) {
      Caller caller;
      try {
        if (token == null) {
          throw new DomainException.Unauthenticated("missing token");
        }
        caller = authenticator.authenticate(token, source);
        if (level == Access.ADMIN && !caller.isAdmin()) {
          throw new DomainException.Forbidden("admin role required");
        }
      } catch (RuntimeException e) {
        return Refusals.refuse(call, e);
      }
      context = context.withValue(Door.CALLER, caller);
    }
    return Contexts.interceptCall(context, call, headers, next);
  }

  /** The bearer token of an {@code authorization} value, or null when there is none. */
  static String token(String header) {
    if (header == null || header.length() <= SCHEME.length()) {
      return null;
    }
    if (!header.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)) {
      return null;
    }
    String token = header.substring(SCHEME.length()).trim();
    return token.isEmpty() ? null : token;
  }

  /** The peer's IP address, as REST's {@code ctx.ip()}: no port, never a forwarded header. */
  static String source(SocketAddress address) {
    if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
      return inet.getAddress().getHostAddress();
    }
    return "";
  }
}
