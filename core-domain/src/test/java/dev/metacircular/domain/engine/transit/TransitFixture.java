package dev.metacircular.domain.engine.transit;

import dev.metacircular.domain.memory.InMemoryEngineStorage;
import dev.metacircular.domain.time.ManualClock;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.engine.spi.Engine;
import dev.metacircular.ports.engine.spi.EngineContext;
import dev.metacircular.ports.engine.spi.Operation;
import dev.metacircular.ports.transit.in.CreateKey;
import dev.metacircular.ports.transit.in.Decrypt;
import dev.metacircular.ports.transit.in.Encrypt;
import dev.metacircular.ports.transit.in.KeyName;
import dev.metacircular.ports.transit.in.TransitOperations;
import dev.metacircular.ports.transit.in.TransitValue;
import java.time.Instant;
import java.util.Map;

/**
 * A transit mount over in-memory storage and a manual clock, with terse typed request helpers. (The
 * JSON form of the operations is tested through the JSON door in adapters-rest.)
 */
final class TransitFixture {

  static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

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

  <Q extends Record, R extends Record> R run(Operation<Q, R> operation, Q request) {
    return engine.handle(operation, request, Caller.offlineTool("test"));
  }

  void createKey(String name, String type) {
    run(TransitOperations.CREATE_KEY, new CreateKey(name, type, false));
  }

  TransitValue encrypt(String key, byte[] plaintext) {
    return encrypt(key, plaintext, null);
  }

  TransitValue encrypt(String key, byte[] plaintext, byte[] context) {
    return run(TransitOperations.ENCRYPT, new Encrypt(key, plaintext, context)).ciphertext();
  }

  byte[] decrypt(String key, TransitValue ciphertext) {
    return decrypt(key, ciphertext, null);
  }

  byte[] decrypt(String key, TransitValue ciphertext, byte[] context) {
    return run(TransitOperations.DECRYPT, new Decrypt(key, ciphertext, context)).plaintext();
  }

  void rotate(String key, int times) {
    for (int i = 0; i < times; i++) {
      run(TransitOperations.ROTATE_KEY, new KeyName(key));
    }
  }
}
