package dev.metacircular.domain.memory;

import dev.metacircular.ports.storage.StorageKeys;
import dev.metacircular.ports.storage.StorageWrite;
import dev.metacircular.ports.storage.out.PhysicalStorage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The crypto service's physical storage in memory, for embedding and tests. Values are copied in
 * and out. A batch is applied under the write lock, so readers see all of it or none of it.
 */
public final class InMemoryPhysicalStorage implements PhysicalStorage {

  private final TreeMap<String, byte[]> entries = new TreeMap<>();
  private final ReadWriteLock lock = new ReentrantReadWriteLock();

  @Override
  public Optional<byte[]> get(String key) {
    StorageKeys.requireValid(key);
    lock.readLock().lock();
    try {
      return Optional.ofNullable(entries.get(key)).map(byte[]::clone);
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public void put(String key, byte[] value) {
    apply(List.of(StorageWrite.put(key, value)));
  }

  @Override
  public boolean delete(String key) {
    StorageKeys.requireValid(key);
    lock.writeLock().lock();
    try {
      return entries.remove(key) != null;
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public List<String> list(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    lock.readLock().lock();
    try {
      List<String> keys = new ArrayList<>();
      for (Map.Entry<String, byte[]> e : entries.tailMap(prefix, true).entrySet()) {
        if (!e.getKey().startsWith(prefix)) {
          break;
        }
        keys.add(e.getKey());
      }
      return keys;
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public void apply(List<StorageWrite> writes) {
    List<StorageWrite> copy = List.copyOf(Objects.requireNonNull(writes, "writes"));
    lock.writeLock().lock();
    try {
      for (StorageWrite w : copy) {
        if (w instanceof StorageWrite.Put p) {
          entries.put(p.key(), p.value());
        } else {
          entries.remove(w.key());
        }
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** How many entries are stored. */
  public int size() {
    lock.readLock().lock();
    try {
      return entries.size();
    } finally {
      lock.readLock().unlock();
    }
  }
}
