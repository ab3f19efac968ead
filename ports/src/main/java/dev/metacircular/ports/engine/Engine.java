package dev.metacircular.ports.engine;

import java.util.Map;
import java.util.Set;

/**
 * SPI: one open mount of an {@link EngineType}. Open only while the service is unsealed: the core
 * closes every engine on seal and on unmount, and the engine must then wipe any key material it
 * holds in memory. Thread-safe: requests arrive concurrently.
 */
public interface Engine extends AutoCloseable {

  /** The operation names this engine answers; the ACL policy's actions. */
  Set<String> operations();

  /**
   * Runs one operation (already allowed by the ACL policy) and returns a JSON-shaped result (see
   * {@link EngineData}). Refusals are {@code DomainException}s: {@code InvalidInput} for bad data
   * or an unknown operation, {@code NotFound} for a named thing that does not exist, {@code
   * Conflict}, {@code Forbidden} for an operation the engine's own rules refuse (exporting a
   * non-exportable key...).
   */
  Map<String, Object> handle(EngineCall call);

  /**
   * Whether {@code operation} changes what the engine stores (creates, rotates, deletes or exports
   * keys...). Such operations are audited one by one, before they run; the others (encrypt,
   * sign...) are not. The default says yes for every operation: an engine opts out explicitly for
   * its read-only and data-plane operations.
   */
  default boolean changesState(String operation) {
    return true;
  }

  /**
   * The path inside the mount that {@code operation} acts on, matched by the ACL's {@code
   * resources.paths} globs ({@code keys/payments} for a transit key), or null when the operation
   * names none. Called before the ACL decides, on unchecked data: it must not throw for bad data
   * (the operation itself refuses that afterwards).
   */
  default String resourcePath(String operation, EngineData data) {
    return null;
  }

  /** Wipes key material held in memory; later calls fail. Idempotent. */
  @Override
  void close();
}
