package dev.metacircular.grpc;

import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.error.DomainException;
import io.grpc.Context;

/**
 * What the interceptors learned about the current call, for the service methods: the authenticated
 * caller, the presented bearer token and the client address.
 */
final class Door {
  static final Context.Key<Caller> CALLER = Context.key("metacircular-caller");
  static final Context.Key<String> TOKEN = Context.key("metacircular-token");
  static final Context.Key<String> SOURCE = Context.key("metacircular-source");
  static final Context.Key<String> METHOD = Context.key("metacircular-method");

  private Door() {}

  /** The caller of an authenticated or admin method. */
  static Caller caller() {
    Caller caller = CALLER.get();
    if (caller == null) {
      // Only reachable if a method's access map entry says public while it needs a caller.
      throw new DomainException.Unauthenticated("missing token");
    }
    return caller;
  }

  /** The presented bearer token; UNAUTHENTICATED "missing token" when there is none. */
  static String token() {
    String token = TOKEN.get();
    if (token == null) {
      throw new DomainException.Unauthenticated("missing token");
    }
    return token;
  }

  /** The full name of the method being called, for the error log. */
  static String method() {
    String method = METHOD.get();
    return method == null ? "" : method;
  }

  /** The client's IP address (the socket peer), or empty. */
  static String source() {
    String source = SOURCE.get();
    return source == null ? "" : source;
  }
}
