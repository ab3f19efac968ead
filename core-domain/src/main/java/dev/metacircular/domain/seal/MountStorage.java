package dev.metacircular.domain.seal;

import dev.metacircular.crypto.IntegrityException;
import dev.metacircular.crypto.SealingKey;
import dev.metacircular.ports.engine.out.EngineStorage;
import dev.metacircular.ports.storage.StorageKeys;
import dev.metacircular.ports.storage.StorageWrite;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One mount's corner of the barrier: relative paths under {@code engine/<mount>/}, every value
 * sealed with the mount's DEK and bound to its full path. Paths handed back by {@link #list} are
 * relative again.
 */
final class MountStorage implements EngineStorage {

  private final Barrier barrier;
  private final String mount;
  private final String prefix;

  MountStorage(Barrier barrier, String mount) {
    this.barrier = barrier;
    this.mount = mount;
    this.prefix = Barrier.mountPrefix(mount);
  }

  @Override
  public Optional<byte[]> get(String path) {
    String full = full(path);
    return barrier.read(
        () -> barrier.storage().get(full).map(raw -> open(barrier.dek(mount), full, raw)));
  }

  @Override
  public void put(String path, byte[] value) {
    String full = full(path);
    Objects.requireNonNull(value, "value");
    barrier.read(
        () -> {
          barrier.storage().put(full, barrier.dek(mount).seal(value, Barrier.aad(full)));
          return null;
        });
  }

  @Override
  public boolean delete(String path) {
    String full = full(path);
    return barrier.read(() -> barrier.storage().delete(full));
  }

  @Override
  public List<String> list(String relativePrefix) {
    Objects.requireNonNull(relativePrefix, "prefix");
    return barrier.read(
        () -> {
          List<String> out = new ArrayList<>();
          for (String key : barrier.storage().list(prefix + relativePrefix)) {
            out.add(key.substring(prefix.length()));
          }
          return out;
        });
  }

  @Override
  public void putAll(Map<String, byte[]> writes) {
    barrier.read(
        () -> {
          SealingKey dek = barrier.dek(mount);
          List<StorageWrite> batch = new ArrayList<>(writes.size());
          for (Map.Entry<String, byte[]> e : writes.entrySet()) {
            String full = full(e.getKey());
            batch.add(
                e.getValue() == null
                    ? StorageWrite.delete(full)
                    : StorageWrite.put(full, dek.seal(e.getValue(), Barrier.aad(full))));
          }
          barrier.storage().apply(batch);
          return null;
        });
  }

  private String full(String path) {
    if (path == null || path.isEmpty()) {
      throw new IllegalArgumentException("engine storage path must not be empty");
    }
    return StorageKeys.requireValid(prefix + path);
  }

  private static byte[] open(SealingKey dek, String full, byte[] raw) {
    try {
      return dek.open(raw, Barrier.aad(full));
    } catch (IntegrityException e) {
      throw new BarrierIntegrityException(full);
    }
  }

  @Override
  public String toString() {
    return "MountStorage[" + mount + "]";
  }
}
