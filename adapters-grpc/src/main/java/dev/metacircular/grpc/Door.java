package dev.metacircular.grpc;

import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.engine.in.EngineUseCase;
import dev.metacircular.ports.engine.in.RequestReader;
import dev.metacircular.ports.engine.spi.Operation;
import dev.metacircular.ports.error.DomainException;
import io.grpc.Context;
import java.util.Map;
import java.util.function.Supplier;

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

  /**
   * Runs an engine operation for this call's caller with the record {@code build} makes from the
   * message, built only once the ACL has let the caller in: a denied caller is refused {@code
   * Forbidden} whatever he sent, as on the JSON door. {@code key} is the value the operation's
   * resource path takes meanwhile (a key, profile or serial; ignored by a path without a field).
   */
  static <Q extends Record, R extends Record> R run(
      EngineUseCase operations,
      String mount,
      Operation<Q, R> operation,
      String key,
      Supplier<Q> build) {
    String field = operation.resource().field();
    return operations.run(
        caller(),
        mount,
        operation,
        RequestReader.of(build, field == null ? Map.of() : Map.of(field, key)));
  }
}
