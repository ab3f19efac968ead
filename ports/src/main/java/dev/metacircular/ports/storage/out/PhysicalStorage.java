package dev.metacircular.ports.storage.out;

import dev.metacircular.ports.storage.StorageKeys;
import dev.metacircular.ports.storage.StorageWrite;
import java.util.List;
import java.util.Optional;

/**
 * Outbound port: the key/value store beneath the crypto service's seal barrier (OpenBao calls it
 * the physical backend). It is <b>untrusted</b>: the barrier hands it only ciphertext (plus the few
 * plaintext values that must be read before unseal, such as the KDF salt), and detects any change
 * it makes to them.
 *
 * <p>Keys follow {@link StorageKeys} (1-{@value StorageKeys#MAX_LENGTH} characters, {@code
 * /}-separated, no control characters, no unpaired surrogates); an invalid key is an {@code
 * IllegalArgumentException}. Values are opaque bytes, returned as fresh arrays the caller may keep.
 *
 * <p>Every call is atomic and durable once it returns; {@link #apply} makes several writes atomic
 * together. Implementations are thread-safe.
 */
public interface PhysicalStorage {

  /** The value under {@code key}, if any. */
  Optional<byte[]> get(String key);

  /** Inserts or replaces the value under {@code key}. */
  void put(String key, byte[] value);

  /** Removes {@code key}; false when it was absent. */
  boolean delete(String key);

  /**
   * Every key that starts with {@code prefix} (the empty prefix lists all), ascending in {@link
   * String#compareTo} order.
   */
  List<String> list(String prefix);

  /** Applies every write in order, all or none. An empty list does nothing. */
  void apply(List<StorageWrite> writes);
}
