package dev.metacircular.domain.crypto;

import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.engine.out.EngineStorage;
import dev.metacircular.ports.engine.spi.Engine;
import dev.metacircular.ports.engine.spi.EngineContext;
import dev.metacircular.ports.engine.spi.EngineType;
import dev.metacircular.ports.engine.spi.Handlers;
import dev.metacircular.ports.engine.spi.Operation;
import dev.metacircular.ports.engine.spi.ResourcePath;
import dev.metacircular.ports.error.DomainException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A minimal engine type for core tests, written the way every engine is: string values by key
 * ({@code put} changes state, {@code get} does not; both act on {@code kv/<key>}), a public read
 * ({@code whoami}) and a count of open engines.
 */
final class KvEngineType implements EngineType {

  /** {@code put}: stores {@code value} at {@code key}. */
  record Put(String key, String value) {
    Put {
      if (key == null) {
        throw new DomainException.InvalidInput("key is required");
      }
      if (value == null) {
        throw new DomainException.InvalidInput("value is required");
      }
    }
  }

  /** {@code get}: the value at {@code key}. */
  record Get(String key) {
    Get {
      if (key == null) {
        throw new DomainException.InvalidInput("key is required");
      }
    }
  }

  /** The answer of {@code put}: nothing. */
  record Stored() {}

  /** The answer of {@code get}. */
  record Value(String value) {}

  static final Operation<Put, Stored> PUT =
      Operation.changing(
          "kv", "put", Put.class, Stored.class, ResourcePath.named("kv/", "key", Put::key));

  static final Operation<Get, Value> GET =
      Operation.reading(
          "kv", "get", Get.class, Value.class, ResourcePath.named("kv/", "key", Get::key));

  /** The answer of {@code whoami}: the name of the caller the engine was given. */
  record Name(String name) {}

  /** {@code whoami}: a public read answering who the engine was told asked. */
  record Nothing() {}

  static final Operation<Nothing, Name> WHOAMI =
      Operation.publicReading("kv", "whoami", Nothing.class, Name.class, ResourcePath.none());

  final List<KvEngine> opened = new ArrayList<>();

  @Override
  public String type() {
    return "kv";
  }

  @Override
  public List<Operation<?, ?>> operations() {
    return List.of(PUT, GET, WHOAMI);
  }

  @Override
  public Map<String, Object> validateConfig(Map<String, Object> config) {
    for (String field : config.keySet()) {
      if (!field.equals("max_value")) {
        throw new DomainException.InvalidInput("unknown field " + field);
      }
    }
    Object max = config.get("max_value");
    if (max != null && !(max instanceof Integer || max instanceof Long)) {
      throw new DomainException.InvalidInput("max_value must be a whole number");
    }
    if (max != null && ((Number) max).longValue() < 1) {
      throw new DomainException.InvalidInput("max_value must be positive");
    }
    return config;
  }

  @Override
  public Engine open(EngineContext context) {
    KvEngine engine = new KvEngine(context.storage());
    opened.add(engine);
    return engine;
  }

  static final class KvEngine implements Engine {
    final EngineStorage storage;
    final Handlers handlers;
    boolean closed;

    KvEngine(EngineStorage storage) {
      this.storage = storage;
      this.handlers =
          Handlers.of(List.of(PUT, GET, WHOAMI))
              .on(
                  PUT,
                  put -> {
                    storage.put(put.key(), put.value().getBytes(StandardCharsets.UTF_8));
                    return new Stored();
                  })
              .on(
                  GET,
                  get ->
                      storage
                          .get(get.key())
                          .map(v -> new Value(new String(v, StandardCharsets.UTF_8)))
                          .orElseThrow(() -> new DomainException.NotFound("no value")))
              .onCall(WHOAMI, (nothing, caller) -> new Name(caller.name()))
              .bound();
    }

    @Override
    public <Q extends Record, R extends Record> R handle(
        Operation<Q, R> operation, Q request, Caller caller) {
      if (closed) {
        throw new IllegalStateException("closed");
      }
      return handlers.handle(operation, request, caller);
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
