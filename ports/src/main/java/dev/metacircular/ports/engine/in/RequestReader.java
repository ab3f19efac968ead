package dev.metacircular.ports.engine.in;

import dev.metacircular.ports.engine.spi.Operation;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A door's untyped request data, read on the core's demand (see {@link EngineUseCase#dispatch}):
 * only the core knows, once it has found the mount, which operation and so which request record the
 * data must make.
 */
public interface RequestReader {

  /**
   * The data as {@code operation}'s request record; {@code InvalidInput} naming the field when it
   * does not make one (unknown field, wrong type, missing value...).
   */
  <Q extends Record> Q read(Operation<Q, ?> operation);

  /**
   * The raw top-level value of {@code field} (a string, number, boolean, list or map), or null;
   * never throws. Only for the ACL's resource path, before the data is checked.
   */
  Object peek(String field);

  /**
   * A typed door's request: {@code build} makes the record (throwing {@code InvalidInput} for bad
   * data), called only when the core asks; {@code raw} holds the fields that name the resource
   * ({@code "key" → "payments"}) for the ACL's path in the meantime.
   */
  static RequestReader of(Supplier<? extends Record> build, Map<String, ?> raw) {
    Objects.requireNonNull(build, "build");
    Map<String, ?> fields = Map.copyOf(raw);
    return new RequestReader() {
      @Override
      public <Q extends Record> Q read(Operation<Q, ?> operation) {
        return operation.cast(build.get());
      }

      @Override
      public Object peek(String field) {
        return fields.get(field);
      }
    };
  }
}
