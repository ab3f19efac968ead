package dev.metacircular.domain.seal;

import dev.metacircular.crypto.IntegrityException;
import dev.metacircular.crypto.SealedFormat;
import dev.metacircular.crypto.SealingKey;
import dev.metacircular.crypto.SecretBytes;
import dev.metacircular.ports.engine.in.Mount;
import dev.metacircular.ports.engine.out.EngineStorage;
import dev.metacircular.ports.storage.StorageKeys;
import dev.metacircular.ports.storage.StorageWrite;
import dev.metacircular.ports.storage.out.PhysicalStorage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The encrypted side of the seal barrier: system entries under {@code sys/}, sealed with the active
 * master key version, and one {@link EngineStorage} per mount under {@code engine/<mount>/}, sealed
 * with that mount's data encryption key (itself a system entry at {@code sys/deks/<mount>}).
 * Storage sees only ciphertext; each value is bound to its full path, so a value moved to another
 * path, or any flipped byte, fails with {@link BarrierIntegrityException} and never yields bytes.
 *
 * <p>The keys come from the {@link SealGate} the barrier shares with its {@link SealLifecycle}; the
 * barrier never calls the lifecycle. Every call fails with {@code Unavailable("sealed")} while
 * sealed. Writes to one system path are serialised with the background re-encryption of that path
 * (striped locks), so a re-encryption never writes back a stale value.
 */
public final class Barrier {

  static final String SYS = "sys/";
  static final String ENGINE = "engine/";
  static final String DEKS = "sys/deks/";
  private static final int DEK_ID = 1;
  private static final int STRIPES = 64;

  private final SealGate gate;
  private final PhysicalStorage storage;
  private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
  private final ConcurrentHashMap<String, SealingKey> deks = new ConcurrentHashMap<>();

  Barrier(SealGate gate, PhysicalStorage storage) {
    this.gate = gate;
    this.storage = storage;
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new ReentrantLock();
    }
  }

  /** The associated data binding a sealed value to its storage path. */
  static byte[] aad(String path) {
    return path.getBytes(StandardCharsets.UTF_8);
  }

  /** The system entry at {@code path} (which starts with {@code sys/}), decrypted. */
  public Optional<byte[]> get(String path) {
    requireSystemPath(path);
    return read(() -> storage.get(path).map(raw -> openSystem(path, raw)));
  }

  /** Seals and stores a system entry. */
  public void put(String path, byte[] value) {
    requireSystemPath(path);
    Objects.requireNonNull(value, "value");
    read(
        () -> {
          return withStripe(
              path,
              () -> {
                storage.put(path, sealSystem(path, value));
                return null;
              });
        });
  }

  /** Removes a system entry; false when absent. */
  public boolean delete(String path) {
    requireSystemPath(path);
    return read(() -> withStripe(path, () -> storage.delete(path)));
  }

  /** System paths under {@code prefix} (which starts with {@code sys/}), ascending. */
  public List<String> list(String prefix) {
    if (!prefix.startsWith(SYS)) {
      throw new IllegalArgumentException("system paths start with " + SYS);
    }
    return read(() -> storage.list(prefix));
  }

  /**
   * Writes several system entries atomically: each value is sealed and stored, or the path deleted
   * when its value is null.
   */
  public void putAll(Map<String, byte[]> writes) {
    read(
        () -> {
          List<StorageWrite> batch = new ArrayList<>(writes.size());
          for (Map.Entry<String, byte[]> e : writes.entrySet()) {
            requireSystemPath(e.getKey());
            batch.add(
                e.getValue() == null
                    ? StorageWrite.delete(e.getKey())
                    : StorageWrite.put(e.getKey(), sealSystem(e.getKey(), e.getValue())));
          }
          withStripes(writes.keySet(), () -> storage.apply(batch));
          return null;
        });
  }

  /**
   * The storage of one mount, sealed with the mount's own data encryption key (created on first
   * use). The view stays valid across seal and unseal; while sealed its calls fail.
   */
  public EngineStorage mountStorage(String mount) {
    Mount.requireValidName(mount);
    return new MountStorage(this, mount);
  }

  /**
   * Deletes every entry of the mount, its data encryption key and the given system entries (its
   * mount-table entry), all in one atomic write.
   */
  public void destroyMount(String mount, String... systemPaths) {
    Mount.requireValidName(mount);
    read(
        () -> {
          List<StorageWrite> batch = new ArrayList<>();
          for (String key : storage.list(mountPrefix(mount))) {
            batch.add(StorageWrite.delete(key));
          }
          batch.add(StorageWrite.delete(DEKS + mount));
          for (String path : systemPaths) {
            requireSystemPath(path);
            batch.add(StorageWrite.delete(path));
          }
          withStripe(
              DEKS + mount,
              () -> {
                storage.apply(batch);
                SealingKey dek = deks.remove(mount);
                if (dek != null) {
                  dek.destroy();
                }
                return null;
              });
          return null;
        });
  }

  // --- used by MountStorage, SealLifecycle and Reencryption --------------------------------------

  static String mountPrefix(String mount) {
    return ENGINE + mount + "/";
  }

  /** Runs {@code work} under the read lock, refusing while sealed. */
  <T> T read(Supplier<T> work) {
    return gate.whileUnsealed(work);
  }

  PhysicalStorage storage() {
    return storage;
  }

  /** The mount's DEK, loaded (or created) once per unseal. Call under the read lock. */
  SealingKey dek(String mount) {
    SealingKey cached = deks.get(mount);
    if (cached != null && !cached.isDestroyed()) {
      return cached;
    }
    String path = DEKS + mount;
    return withStripe(
        path,
        () -> {
          SealingKey again = deks.get(mount);
          if (again != null && !again.isDestroyed()) {
            return again;
          }
          Optional<byte[]> stored = storage.get(path);
          SealingKey dek;
          if (stored.isPresent()) {
            try (SecretBytes raw = SecretBytes.wrap(openSystem(path, stored.get()))) {
              dek = new SealingKey(DEK_ID, raw);
            }
          } else {
            dek = SealingKey.generate(DEK_ID);
            byte[] raw = dek.exportForWrapping();
            try {
              storage.put(path, sealSystem(path, raw));
            } finally {
              java.util.Arrays.fill(raw, (byte) 0);
            }
          }
          deks.put(mount, dek);
          return dek;
        });
  }

  /** Wipes every cached DEK; called by seal under the write lock. */
  void forgetKeys() {
    deks.values().forEach(SealingKey::destroy);
    deks.clear();
  }

  /** How many system entries are sealed under a master key version below {@code version}. */
  long entriesBelow(int version) {
    long n = 0;
    for (String path : storage.list(SYS)) {
      Optional<byte[]> raw = storage.get(path);
      if (raw.isPresent() && keyIdOf(path, raw.get()) < version) {
        n++;
      }
    }
    return n;
  }

  /**
   * Re-seals one system entry under the active version if it is under an older one. Call under the
   * read lock. True when it rewrote the entry.
   */
  boolean reencrypt(String path) {
    return withStripe(
        path,
        () -> {
          Optional<byte[]> raw = storage.get(path);
          Keyring keys = gate.keys();
          if (raw.isEmpty() || keyIdOf(path, raw.get()) >= keys.activeVersion()) {
            return false;
          }
          byte[] plain = openSystem(path, raw.get());
          try {
            storage.put(path, keys.activeKey().seal(plain, aad(path)));
          } finally {
            java.util.Arrays.fill(plain, (byte) 0);
          }
          return true;
        });
  }

  boolean cachedKeysDestroyed() {
    return deks.isEmpty();
  }

  // --- internals -------------------------------------------------------------------------------

  private byte[] sealSystem(String path, byte[] value) {
    return gate.keys().activeKey().seal(value, aad(path));
  }

  private byte[] openSystem(String path, byte[] raw) {
    SealingKey key = gate.keys().key(keyIdOf(path, raw));
    if (key == null) {
      throw new BarrierIntegrityException(path);
    }
    try {
      return key.open(raw, aad(path));
    } catch (IntegrityException e) {
      throw new BarrierIntegrityException(path);
    }
  }

  static int keyIdOf(String path, byte[] raw) {
    try {
      if (SealedFormat.version(raw) != SealedFormat.VERSION_1) {
        throw new BarrierIntegrityException(path);
      }
      return SealedFormat.keyId(raw);
    } catch (IntegrityException e) {
      throw new BarrierIntegrityException(path);
    }
  }

  private <T> T withStripe(String path, Supplier<T> work) {
    ReentrantLock stripe = stripes[Math.floorMod(path.hashCode(), STRIPES)];
    stripe.lock();
    try {
      return work.get();
    } finally {
      stripe.unlock();
    }
  }

  /** Holds the stripes of every path, taken in index order so two batches never deadlock. */
  private void withStripes(java.util.Collection<String> paths, Runnable work) {
    java.util.TreeSet<Integer> indexes = new java.util.TreeSet<>();
    for (String path : paths) {
      indexes.add(Math.floorMod(path.hashCode(), STRIPES));
    }
    List<ReentrantLock> held = new ArrayList<>();
    try {
      for (int i : indexes) {
        stripes[i].lock();
        held.add(stripes[i]);
      }
      work.run();
    } finally {
      for (int i = held.size() - 1; i >= 0; i--) {
        held.get(i).unlock();
      }
    }
  }

  private static void requireSystemPath(String path) {
    StorageKeys.requireValid(path);
    if (!path.startsWith(SYS) || path.length() == SYS.length()) {
      throw new IllegalArgumentException("system paths start with " + SYS);
    }
  }
}
