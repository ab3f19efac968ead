package dev.metacircular.ports.engine;

import java.util.Map;
import java.util.Set;

/**
 * SPI: one open mount of an {@link EngineType}. Open only while the service is unsealed: the
 * core closes every engine on seal and on unmount, and the engine must then wipe any key material
 * it holds in memory. Thread-safe: requests arrive concurrently.
 */
public interface Engine extends AutoCloseable {

  /** The operation names this engine answers; the ACL policy's actions. */
  Set<String> operations();

  /**
   * Runs one operation (already allowed by the ACL policy) and returns a JSON-shaped result (see
   * {@link EngineData}). Refusals are {@code DomainException}s: {@code InvalidInput} for bad data
   * or an unknown operation, {@code NotFound} for a named thing that does not exist,
   * {@code Conflict}, {@code Forbidden} for an operation the engine's own rules refuse (exporting
   * a non-exportable key...).
   */
  Map<String, Object> handle(EngineCall call);

  /** Wipes key material held in memory; later calls fail. Idempotent. */
  @Override
  void close();
}
