package dev.metacircular.rest.transit;

import dev.metacircular.domain.engine.transit.TransitEngineType;
import dev.metacircular.domain.memory.InMemoryEngineStorage;
import dev.metacircular.domain.time.ManualClock;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.engine.in.EngineRequest;
import dev.metacircular.ports.engine.in.EngineUseCase;
import dev.metacircular.ports.engine.in.RequestReader;
import dev.metacircular.ports.engine.spi.Engine;
import dev.metacircular.ports.engine.spi.EngineContext;
import dev.metacircular.ports.engine.spi.Operation;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.transit.in.TransitOperations;
import dev.metacircular.rest.EngineDispatcher;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A transit mount over in-memory storage and a manual clock, driven through the JSON door: each
 * {@link #call} is what {@code POST /v1/engine/request} carries, mapped by the real {@link
 * EngineDispatcher} onto the typed operation and answered as a tree. The seal gate and the ACL are
 * left out (the core's tests cover them): the operations go straight to the engine.
 */
final class TransitFixture {

  static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
  static final Caller CALLER =
      new Caller(
          UUID.randomUUID(), "alice", Set.of(Role.USER), AccountType.HUMAN, null, "127.0.0.1");

  final InMemoryEngineStorage storage = new InMemoryEngineStorage();
  final ManualClock clock = new ManualClock(START);
  Engine engine = open();
  private final EngineDispatcher door = new EngineDispatcher(new ToTheEngine());

  Engine open() {
    return new TransitEngineType().open(new EngineContext("transit", Map.of(), storage, clock));
  }

  Map<String, Object> call(String operation, Object... keyValues) {
    return door.handle(CALLER, new EngineRequest("transit", operation, fields(keyValues)));
  }

  static Map<String, Object> fields(Object... keyValues) {
    Map<String, Object> data = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      data.put((String) keyValues[i], keyValues[i + 1]);
    }
    return data;
  }

  void createKey(String name, String type) {
    call("create-key", "name", name, "type", type);
  }

  String encrypt(String key, byte[] plaintext) {
    return (String) call("encrypt", "key", key, "plaintext", b64(plaintext)).get("ciphertext");
  }

  String encrypt(String key, byte[] plaintext, byte[] context) {
    return (String)
        call("encrypt", "key", key, "plaintext", b64(plaintext), "context", b64(context))
            .get("ciphertext");
  }

  byte[] decrypt(String key, String ciphertext) {
    return unb64((String) call("decrypt", "key", key, "ciphertext", ciphertext).get("plaintext"));
  }

  byte[] decrypt(String key, String ciphertext, byte[] context) {
    return unb64(
        (String)
            call("decrypt", "key", key, "ciphertext", ciphertext, "context", b64(context))
                .get("plaintext"));
  }

  void rotate(String key, int times) {
    for (int i = 0; i < times; i++) {
      call("rotate-key", "name", key);
    }
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> list(Object value) {
    return (List<Map<String, Object>>) value;
  }

  static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  static byte[] unb64(String text) {
    return Base64.getDecoder().decode(text);
  }

  static Map<String, Object> item(Object... keyValues) {
    return new HashMap<>(fields(keyValues));
  }

  /** The engine alone behind the operations port: the core's catalogue lookup, nothing else. */
  private final class ToTheEngine implements EngineUseCase {
    @Override
    public <Q extends Record, R extends Record> R run(
        Caller caller, String mount, Operation<Q, R> operation, Q request) {
      return engine.handle(operation, request, caller);
    }

    @Override
    public <Q extends Record, R extends Record> R run(
        Caller caller, String mount, Operation<Q, R> operation, RequestReader data) {
      return run(operation, data);
    }

    @Override
    public <Q extends Record, R extends Record> R runPublic(
        String mount, Operation<Q, R> operation, Q request, String sourceAddress) {
      return engine.handle(operation, request, Caller.anonymous(sourceAddress));
    }

    @Override
    public Record dispatch(Caller caller, String mount, String operation, RequestReader data) {
      for (Operation<?, ?> known : TransitOperations.ALL) {
        if (known.name().equals(operation)) {
          return run(known, data);
        }
      }
      throw new DomainException.InvalidInput(
          "unknown operation " + operation + " for engine type transit");
    }

    private <Q extends Record, R extends Record> R run(
        Operation<Q, R> operation, RequestReader data) {
      return engine.handle(operation, data.read(operation), Caller.offlineTool("test"));
    }
  }
}
