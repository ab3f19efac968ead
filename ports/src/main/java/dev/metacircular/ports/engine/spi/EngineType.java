package dev.metacircular.ports.engine.spi;

import dev.metacircular.ports.error.DomainException;
import java.util.List;
import java.util.Map;

/**
 * SPI: one kind of engine ({@code transit}, later {@code ca}, {@code sshca}...), the factory of its
 * mounts and the catalogue of its operations. A new engine type plugs in by giving the crypto core
 * one more {@code EngineType}; nothing in the core or in the doors changes: the JSON door finds an
 * operation by name in {@link #operations()} and maps {@code data} onto its request record.
 * Implementations are stateless and thread-safe.
 */
public interface EngineType {

  /** The type name used in {@code POST /v1/engine/mounts {"type": ...}}. */
  String type();

  /**
   * Every operation a mount of this type answers, each with a unique name (the ACL action) and
   * {@link Operation#engineType()} equal to {@link #type()}.
   */
  List<Operation<?, ?>> operations();

  /**
   * Checks (and may normalise) a mount's configuration before anything is stored; throws {@code
   * InvalidInput} with a message naming the bad field. The default accepts only an empty
   * configuration.
   */
  default Map<String, Object> validateConfig(Map<String, Object> config) {
    if (config != null && !config.isEmpty()) {
      throw new DomainException.InvalidInput("engine type " + type() + " takes no config");
    }
    return Map.of();
  }

  /**
   * Opens a mount: once when it is mounted and again after every unseal. The engine reads and
   * writes only through {@code context.storage()}, which the barrier encrypts with the mount's own
   * key.
   */
  Engine open(EngineContext context);
}
