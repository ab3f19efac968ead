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
 * presented token on without checking it, authenticated ones need a valid token (UNAUTHENTICATED
 * otherwise), admin ones an admin's (PERMISSION_DENIED "admin role required" otherwise). Both
 * refusals are the core's, through its ports, so they are audited like every other refusal. A
 * method with no access level is refused (the server does not start with one; this is the second
 * lock).
 */
final class AuthInterceptor implements ServerInterceptor {
  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final String SCHEME = "bearer ";

  /** The port calls that turn a presented token into a caller and check an admin's. */
  interface Authenticator {
    /**
     * The caller the token stands for; {@code DomainException.Unauthenticated} otherwise, {@code
     * "missing token"} for a null one.
     */
    Caller authenticate(String bearerToken, String sourceAddress);

    /** The caller if an admin; {@code Forbidden("admin role required")} otherwise. */
    Caller requireAdmin(Caller caller, String action);

    /** Both calls of one port. */
    static Authenticator of(
        java.util.function.BiFunction<String, String, Caller> authenticate,
        java.util.function.BiFunction<Caller, String, Caller> requireAdmin) {
      return new Authenticator() {
        @Override
        public Caller authenticate(String bearerToken, String sourceAddress) {
          return authenticate.apply(bearerToken, sourceAddress);
        }

        @Override
        public Caller requireAdmin(Caller caller, String action) {
          return requireAdmin.apply(caller, action);
        }
      };
    }
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
      return Refusals.refuse(call, new DomainException.Forbidden("method has no access level"));
    }
    String source = source(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
    String token = token(headers.get(AUTHORIZATION));
    Context context =
        Context.current().withValue(Door.SOURCE, source).withValue(Door.METHOD, method);
    if (token != null) {
      context = context.withValue(Door.TOKEN, token);
    }
    if (level != Access.PUBLIC) {
      Caller caller;
      try {
        // A missing token goes to the port as null: the core refuses it ("missing token") and
        // records the refusal, as for an invalid one.
        caller = authenticator.authenticate(token, source);
        if (level == Access.ADMIN) {
          // The core decides (and audits) the admin refusal, naming the method.
          caller = authenticator.requireAdmin(caller, method);
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
