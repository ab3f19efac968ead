package dev.metacircular.ports.engine.spi;

import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.error.DomainException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * An open engine's handlers, bound to its operations once when it opens: {@code
 * Handlers.of(TransitOperations.ALL).on(ENCRYPT, this::encrypt)...} instead of a switch on names.
 * {@link #bound()} checks that every operation of the catalogue has exactly one handler, so an
 * operation added to the catalogue cannot be forgotten. Immutable once bound; thread-safe.
 */
public final class Handlers {
  private final List<Operation<?, ?>> catalogue;
  private final Map<Operation<?, ?>, BiFunction<?, Caller, ?>> handlers = new HashMap<>();
  private boolean sealed;

  private Handlers(List<Operation<?, ?>> catalogue) {
    this.catalogue = List.copyOf(catalogue);
  }

  /** Handlers for the operations of {@code catalogue} (an engine type's {@code operations()}). */
  public static Handlers of(List<Operation<?, ?>> catalogue) {
    return new Handlers(catalogue);
  }

  /** Binds {@code operation} to {@code handler}, which does not need to know who asked. */
  public <Q extends Record, R extends Record> Handlers on(
      Operation<Q, R> operation, Function<? super Q, ? extends R> handler) {
    Objects.requireNonNull(handler, "handler");
    return onCall(operation, (request, caller) -> handler.apply(request));
  }

  /**
   * Binds {@code operation} to {@code handler}, which is also given the caller (an engine that
   * keeps things per user, or records who asked).
   */
  public <Q extends Record, R extends Record> Handlers onCall(
      Operation<Q, R> operation, BiFunction<? super Q, Caller, ? extends R> handler) {
    if (sealed) {
      throw new IllegalStateException("handlers are already bound");
    }
    if (!catalogue.contains(operation)) {
      throw new IllegalArgumentException(operation + " is not in the catalogue");
    }
    if (handlers.put(operation, Objects.requireNonNull(handler, "handler")) != null) {
      throw new IllegalArgumentException(operation + " is bound twice");
    }
    return this;
  }

  /** Ends binding; {@code IllegalStateException} when an operation has no handler. */
  public Handlers bound() {
    for (Operation<?, ?> operation : catalogue) {
      if (!handlers.containsKey(operation)) {
        throw new IllegalStateException(operation + " has no handler");
      }
    }
    sealed = true;
    return this;
  }

  /** Runs {@code operation}'s handler; {@code InvalidInput} for an operation not bound here. */
  public <Q extends Record, R extends Record> R handle(
      Operation<Q, R> operation, Q request, Caller caller) {
    Objects.requireNonNull(caller, "caller");
    @SuppressWarnings("unchecked")
    BiFunction<? super Q, Caller, ? extends R> handler =
        (BiFunction<? super Q, Caller, ? extends R>) handlers.get(operation);
    if (handler == null) {
      throw new DomainException.InvalidInput(
          "unknown operation " + operation.name() + " for engine type " + operation.engineType());
    }
    return handler.apply(operation.cast(Objects.requireNonNull(request, "request")), caller);
  }
}
