package dev.metacircular.domain.engine.transit;

import dev.metacircular.domain.time.ManualClock;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.engine.Engine;
import dev.metacircular.ports.engine.EngineCall;
import dev.metacircular.ports.engine.EngineContext;
import dev.metacircular.ports.engine.EngineData;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** A transit mount over in-memory storage and a manual clock, with terse request helpers. */
final class TransitFixture {

  static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
  static final Caller CALLER =
      new Caller(
          UUID.randomUUID(), "alice", Set.of(Role.USER), AccountType.HUMAN, null, "127.0.0.1");

  final InMemoryEngineStorage storage = new InMemoryEngineStorage();
  final ManualClock clock = new ManualClock(START);
  Engine engine = open();

  /** A new engine over the same storage, as after a seal and unseal. */
  Engine open() {
    return new TransitEngineType().open(new EngineContext("transit", Map.of(), storage, clock));
  }

  void reopen() {
    engine.close();
    engine = open();
  }

  Map<String, Object> call(String operation, Object... keyValues) {
    return engine.handle(new EngineCall(CALLER, operation, EngineData.of(fields(keyValues))));
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
}
