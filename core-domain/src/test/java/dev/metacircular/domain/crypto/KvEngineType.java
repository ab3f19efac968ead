package dev.metacircular.domain.crypto;

import dev.metacircular.ports.engine.Engine;
import dev.metacircular.ports.engine.EngineCall;
import dev.metacircular.ports.engine.EngineContext;
import dev.metacircular.ports.engine.EngineData;
import dev.metacircular.ports.engine.EngineStorage;
import dev.metacircular.ports.engine.EngineType;
import dev.metacircular.ports.error.DomainException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A minimal engine type for core tests: string values by key, and a count of open engines. */
final class KvEngineType implements EngineType {

  final List<KvEngine> opened = new ArrayList<>();

  @Override
  public String type() {
    return "kv";
  }

  @Override
  public Map<String, Object> validateConfig(Map<String, Object> config) {
    EngineData data = EngineData.of(config).allowOnly(Set.of("max_value"));
    data.integer("max_value")
        .ifPresent(
            v -> {
              if (v < 1) {
                throw new DomainException.InvalidInput("max_value must be positive");
              }
            });
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
    boolean closed;

    KvEngine(EngineStorage storage) {
      this.storage = storage;
    }

    @Override
    public Set<String> operations() {
      return Set.of("put", "get");
    }

    @Override
    public String resourcePath(String operation, EngineData data) {
      Object key = data.asMap().get("key");
      return key instanceof String s ? "kv/" + s : null;
    }

    @Override
    public boolean changesState(String operation) {
      return operation.equals("put");
    }

    @Override
    public Map<String, Object> handle(EngineCall call) {
      if (closed) {
        throw new IllegalStateException("closed");
      }
      String key = call.data().requireString("key");
      if (call.operation().equals("put")) {
        storage.put(key, call.data().requireString("value").getBytes(StandardCharsets.UTF_8));
        return Map.of();
      }
      return storage
          .get(key)
          .map(v -> Map.<String, Object>of("value", new String(v, StandardCharsets.UTF_8)))
          .orElseThrow(() -> new DomainException.NotFound("no value"));
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
