package dev.metacircular.domain.crypto;

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
 * ({@code put} changes state, {@code get} does not; both act on {@code kv/<key>}), and a count of
 * open engines.
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

  final List<KvEngine> opened = new ArrayList<>();

  @Override
  public String type() {
    return "kv";
  }

  @Override
  public List<Operation<?, ?>> operations() {
    return List.of(PUT, GET);
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
          Handlers.of(List.of(PUT, GET))
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
              .bound();
    }

    @Override
    public <Q extends Record, R extends Record> R handle(Operation<Q, R> operation, Q request) {
      if (closed) {
        throw new IllegalStateException("closed");
      }
      return handlers.handle(operation, request);
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
