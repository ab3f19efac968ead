package dev.metacircular.ports.storage.out;

import dev.metacircular.ports.storage.StorageWrite;
import java.util.List;
import java.util.Optional;

/**
 * Outbound port: the key/value store beneath the crypto service's seal barrier (OpenBao calls it
 * the physical backend). It is <b>untrusted</b>: the barrier hands it only ciphertext (plus the few
 * plaintext values that must be read before unseal, such as the KDF salt), and detects any change
 * it makes to them.
 *
 * <p>Keys are 1-{@value #MAX_KEY_LENGTH} characters, {@code /}-separated, with no control
 * characters and no unpaired surrogates (SQLite would store one as {@code ?}, so two keys could
 * alias); an invalid key is an {@code IllegalArgumentException} (a programming error, never user
 * input). Values are opaque bytes, returned as fresh arrays the caller may keep.
 *
 * <p>Every call is atomic and durable once it returns; {@link #apply} makes several writes atomic
 * together. Implementations are thread-safe.
 */
public interface PhysicalStorage {

  int MAX_KEY_LENGTH = 1024;

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

  /** Checks a key against the rules above. */
  static String requireValidKey(String key) {
    if (key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
      throw new IllegalArgumentException("storage key must be 1-" + MAX_KEY_LENGTH + " characters");
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (Character.isISOControl(c)) {
        throw new IllegalArgumentException("storage key must not contain control characters");
      }
      if (Character.isHighSurrogate(c)
          && (i + 1 == key.length() || !Character.isLowSurrogate(key.charAt(i + 1)))) {
        throw new IllegalArgumentException("storage key must not contain unpaired surrogates");
      }
      if (Character.isLowSurrogate(c)
          && (i == 0 || !Character.isHighSurrogate(key.charAt(i - 1)))) {
        throw new IllegalArgumentException("storage key must not contain unpaired surrogates");
      }
    }
    return key;
  }
}
