package dev.metacircular.ports.engine.spi;

import dev.metacircular.ports.auth.Caller;

/**
 * SPI: one open mount of an {@link EngineType}. Open only while the service is unsealed: the core
 * closes every engine on seal and on unmount, and the engine must then wipe any key material it
 * holds in memory. Thread-safe: requests arrive concurrently.
 *
 * <p>The core calls {@link #handle} only with one of its type's {@link EngineType#operations()} and
 * a request record that has validated itself, after the seal gate, the ACL and (for an operation
 * that {@linkplain Operation#changesState() changes state}) the audit entry. An engine binds its
 * handlers to its operations once, with {@link Handlers}, instead of switching on names.
 */
public interface Engine extends AutoCloseable {

  /**
   * Runs one operation and answers its response record. Refusals are {@code DomainException}s:
   * {@code InvalidInput} for data the operation cannot use, {@code NotFound} for a named thing that
   * does not exist, {@code Conflict}, {@code Forbidden} for an operation the engine's own rules
   * refuse (exporting a non-exportable key...).
   *
   * @param caller who asked, as the door established it: the token's account (an engine may bind
   *     what it stores or answers to {@code caller.name()}: a user's own key pair, an SSH principal
   *     template, who requested a certificate), or {@link Caller#anonymous} for a {@linkplain
   *     Operation#publicRead() public read}
   */
  <Q extends Record, R extends Record> R handle(
      Operation<Q, R> operation, Q request, Caller caller);

  /** Wipes key material held in memory; later calls fail. Idempotent. */
  @Override
  void close();
}
