package dev.metacircular.ports.engine.spi;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One operation of an engine type, declared as a value: what the doors run and the core governs.
 * The handler is not part of it (it belongs to an open engine, see {@link Handlers}), so doors and
 * embedding code name operations through the contracts ({@code TransitOperations.ENCRYPT}) without
 * reaching into the core.
 *
 * <p>The core runs every operation the same way, whichever door it came from: the seal gate, then
 * the ACL (action {@link #name}, resource path {@link #resource}), then, when {@link
 * #changesState}, an audit entry written before it runs, then the engine's handler.
 *
 * @param engineType the engine type that answers it ({@code transit})
 * @param name the operation's name: the {@code operation} of a JSON engine request and the ACL's
 *     action ({@code encrypt})
 * @param request the request record; it validates itself in its compact constructor, with messages
 *     naming the JSON field ({@code "key is required"})
 * @param response the response record; its components are the answer's JSON fields (snake_case on
 *     the wire, null components left out)
 * @param changesState whether it changes what the engine stores, or lets key material out (create,
 *     rotate, delete, export...): such operations are audited one by one, before they run; the data
 *     plane (encrypt, sign...) is not
 * @param resource the path inside the mount it acts on, for the ACL's {@code resources.paths}
 * @param publicRead whether anyone may run it without a token (a CA certificate, a CRL, an SSH CA
 *     key, a KRL: what the world must fetch to trust the engine's output). Such an operation
 *     changes nothing; doors run it with {@code EngineUseCase.runPublic}, which skips the ACL and
 *     hands the engine {@code Caller.anonymous}. With a token it is an ordinary operation, governed
 *     by the ACL like any other.
 */
public record Operation<Q extends Record, R extends Record>(
    String engineType,
    String name,
    Class<Q> request,
    Class<R> response,
    boolean changesState,
    ResourcePath<Q> resource,
    boolean publicRead) {

  /** Names are lower-case words joined by {@code -}: safe in ACL rules, URLs and audit entries. */
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

  /** The longest operation name. */
  public static final int MAX_NAME_LENGTH = 64;

  public Operation {
    Objects.requireNonNull(engineType, "engineType");
    Objects.requireNonNull(name, "name");
    if (name.length() > MAX_NAME_LENGTH || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("bad operation name " + name);
    }
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(response, "response");
    Objects.requireNonNull(resource, "resource");
    if (publicRead && changesState) {
      throw new IllegalArgumentException(name + ": a public operation cannot change state");
    }
  }

  /** An operation that needs a token (every one but the few public reads). */
  public Operation(
      String engineType,
      String name,
      Class<Q> request,
      Class<R> response,
      boolean changesState,
      ResourcePath<Q> resource) {
    this(engineType, name, request, response, changesState, resource, false);
  }

  /** A data-plane operation: not audited one by one. */
  public static <Q extends Record, R extends Record> Operation<Q, R> reading(
      String engineType, String name, Class<Q> request, Class<R> response, ResourcePath<Q> path) {
    return new Operation<>(engineType, name, request, response, false, path);
  }

  /** An operation that changes state or lets key material out: audited before it runs. */
  public static <Q extends Record, R extends Record> Operation<Q, R> changing(
      String engineType, String name, Class<Q> request, Class<R> response, ResourcePath<Q> path) {
    return new Operation<>(engineType, name, request, response, true, path);
  }

  /**
   * A read anyone may run without a token ({@link #publicRead}): what relying parties fetch to
   * trust the engine (CA certificates, CRLs, public keys). Never audited one by one.
   */
  public static <Q extends Record, R extends Record> Operation<Q, R> publicReading(
      String engineType, String name, Class<Q> request, Class<R> response, ResourcePath<Q> path) {
    return new Operation<>(engineType, name, request, response, false, path, true);
  }

  /**
   * {@code request} as this operation's request type; {@code IllegalArgumentException} (a bug in
   * the caller, not bad input) if it is another record.
   */
  public Q cast(Record request) {
    if (!this.request.isInstance(request)) {
      throw new IllegalArgumentException(
          name + " takes a " + this.request.getSimpleName() + ", not " + request.getClass());
    }
    return this.request.cast(request);
  }

  @Override
  public String toString() {
    return engineType + "." + name;
  }
}
