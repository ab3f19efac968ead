package dev.metacircular.domain.engine.transit;

import dev.metacircular.crypto.keyset.KeysetKey;
import dev.metacircular.ports.engine.out.EngineStorage;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.transit.in.TransitKeyName;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The keys of one transit mount: stored in the mount's barrier storage ({@link KeyRecords}, one
 * value per key at {@code keys/<name>}) and cached, parsed, in memory while the mount is open.
 *
 * <p>Reads take the cache without locking: after a key's first use no request reads storage or
 * parses a keyset again. Every change (and every cache fill) runs under one lock and writes storage
 * first, then replaces the cached value, so the cache never shows a state that was not stored and
 * two concurrent rotations cannot lose a version. Changes are rare; the lock never sits on the
 * encrypt/decrypt path.
 */
final class TransitKeys {

  static final String PREFIX = "keys/";
  static final int MAX_NAME_LENGTH = TransitKeyName.MAX_LENGTH;

  private final EngineStorage storage;
  private final Clock clock;
  private final ConcurrentHashMap<String, TransitKey> cache = new ConcurrentHashMap<>();
  private final Object lock = new Object();
  private boolean closed;

  TransitKeys(EngineStorage storage, Clock clock) {
    this.storage = storage;
    this.clock = clock;
  }

  /**
   * The key called {@code name}; {@code NotFound} when there is none. {@code field} names the
   * request field.
   */
  TransitKey require(String field, String name) {
    TransitKey key = cache.get(name);
    if (key != null) {
      return key;
    }
    requireValidName(field, name);
    synchronized (lock) {
      checkOpen();
      key = cache.get(name);
      if (key == null) {
        key = load(name).orElseThrow(() -> notFound(name));
        cache.put(name, key);
      }
      return key;
    }
  }

  TransitKey create(String name, TransitKeyType type, boolean exportable) {
    requireValidName("name", name);
    synchronized (lock) {
      checkOpen();
      if (cache.containsKey(name) || exists(name)) {
        throw new DomainException.Conflict("key " + name + " already exists");
      }
      KeyVersion first = new KeyVersion(1, clock.instant(), KeysetKey.generate(type.keyType()));
      TransitKey key = new TransitKey(name, type, exportable, false, 1, List.of(first));
      return store(key);
    }
  }

  TransitKey rotate(String name) {
    synchronized (lock) {
      checkOpen();
      TransitKey key = require("name", name);
      KeyVersion next =
          new KeyVersion(
              key.latestVersion() + 1, clock.instant(), KeysetKey.generate(key.type().keyType()));
      return store(key.withNewVersion(next));
    }
  }

  TransitKey update(
      String name, Optional<Integer> minDecryptionVersion, Optional<Boolean> deletionAllowed) {
    synchronized (lock) {
      checkOpen();
      TransitKey key = require("name", name);
      if (minDecryptionVersion.isPresent()) {
        int min = minDecryptionVersion.get();
        if (min < 1 || min > key.latestVersion()) {
          throw new DomainException.InvalidInput(
              "min_decryption_version must be between 1 and"
                  + " latest_version "
                  + key.latestVersion());
        }
        key = key.withMinDecryptionVersion(min);
      }
      if (deletionAllowed.isPresent()) {
        key = key.withDeletionAllowed(deletionAllowed.get());
      }
      return store(key);
    }
  }

  void delete(String name) {
    synchronized (lock) {
      checkOpen();
      TransitKey key = require("name", name);
      if (!key.deletionAllowed()) {
        throw new DomainException.Forbidden(
            "key " + name + " does not allow deletion: set deletion_allowed first");
      }
      storage.delete(PREFIX + name);
      // Not destroyed: requests already holding this key may still be finishing with it.
      cache.remove(name);
    }
  }

  /** Every key name, ascending. */
  List<String> names() {
    checkOpenUnlocked();
    List<String> names = new ArrayList<>();
    for (String path : storage.list(PREFIX)) {
      names.add(path.substring(PREFIX.length()));
    }
    return names;
  }

  /** Drops and destroys every cached key; later calls fail. Idempotent. */
  void close() {
    synchronized (lock) {
      closed = true;
      for (TransitKey key : cache.values()) {
        key.destroy();
      }
      cache.clear();
    }
  }

  /** Key names: see {@link TransitKeyName} (one safe storage path segment). */
  static void requireValidName(String field, String name) {
    TransitKeyName.require(field, name);
  }

  private TransitKey store(TransitKey key) {
    byte[] encoded = KeyRecords.encode(key);
    try {
      storage.put(PREFIX + key.name(), encoded);
    } finally {
      Arrays.fill(encoded, (byte) 0);
    }
    cache.put(key.name(), key);
    return key;
  }

  private Optional<TransitKey> load(String name) {
    Optional<byte[]> stored = storage.get(PREFIX + name);
    if (stored.isEmpty()) {
      return Optional.empty();
    }
    byte[] bytes = stored.get();
    try {
      return Optional.of(KeyRecords.decode(name, bytes));
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  private boolean exists(String name) {
    Optional<byte[]> stored = storage.get(PREFIX + name);
    stored.ifPresent(b -> Arrays.fill(b, (byte) 0));
    return stored.isPresent();
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("transit engine is closed");
    }
  }

  private void checkOpenUnlocked() {
    synchronized (lock) {
      checkOpen();
    }
  }

  private static DomainException.NotFound notFound(String name) {
    return new DomainException.NotFound("key " + name + " not found");
  }
}
