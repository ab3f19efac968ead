package dev.metacircular.domain.memory;

import dev.metacircular.ports.engine.out.EngineStorage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * In-memory stand-in for the barrier storage a mount gets (tests, benchmarks of an engine alone):
 * values copied in and out (as the real barrier does, which decrypts into a fresh array), no
 * encryption, and a count of reads so tests can check that the hot path never touches storage.
 */
public final class InMemoryEngineStorage implements EngineStorage {

  private final ConcurrentSkipListMap<String, byte[]> values = new ConcurrentSkipListMap<>();
  private final AtomicInteger reads = new AtomicInteger();

  @Override
  public Optional<byte[]> get(String path) {
    reads.incrementAndGet();
    byte[] v = values.get(path);
    return v == null ? Optional.empty() : Optional.of(v.clone());
  }

  @Override
  public void put(String path, byte[] value) {
    values.put(path, value.clone());
  }

  @Override
  public boolean delete(String path) {
    return values.remove(path) != null;
  }

  @Override
  public List<String> list(String prefix) {
    List<String> out = new ArrayList<>();
    for (String path : values.tailMap(prefix).keySet()) {
      if (!path.startsWith(prefix)) {
        break;
      }
      out.add(path);
    }
    return out;
  }

  @Override
  public synchronized void putAll(Map<String, byte[]> writes) {
    writes.forEach(
        (path, value) -> {
          if (value == null) {
            values.remove(path);
          } else {
            values.put(path, value.clone());
          }
        });
  }

  /** How many reads the storage has served (the hot path must not read). */
  public int reads() {
    return reads.get();
  }

  /** The stored bytes at {@code path} as they are (for tampering tests), or null. */
  public byte[] raw(String path) {
    byte[] v = values.get(path);
    return v == null ? null : v.clone();
  }

  /** Replaces the stored bytes at {@code path} as they are (for tampering tests). */
  public void overwrite(String path, byte[] value) {
    values.put(path, value.clone());
  }
}
