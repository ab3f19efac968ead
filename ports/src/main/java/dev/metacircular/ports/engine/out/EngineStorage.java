package dev.metacircular.ports.engine.out;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Outbound port for an engine: its own corner of the seal barrier. Paths are relative to the mount
 * ({@code keys/payments}); every value is sealed with the mount's data encryption key and bound to
 * its full path, so a value copied to another path or another mount never opens. Reading a tampered
 * value throws {@code IllegalStateException} ("integrity check failed") and never returns altered
 * bytes. Calls fail with {@code Unavailable("sealed")} once the service is sealed.
 */
public interface EngineStorage {

  Optional<byte[]> get(String path);

  void put(String path, byte[] value);

  /** False when there was nothing at {@code path}. */
  boolean delete(String path);

  /** Relative paths that start with {@code prefix}, ascending. */
  List<String> list(String prefix);

  /**
   * Writes several paths atomically: each entry's value is stored, or the path deleted when the
   * value is null.
   */
  void putAll(Map<String, byte[]> writes);
}
