package dev.metacircular.ports.engine.in;

import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.engine.spi.Operation;

/**
 * Inbound port: every engine operation, from every door. The core runs each the same way: {@code
 * Unavailable("sealed")} while sealed; then the ACL decides (subject: the caller; resource: the
 * mount and the operation's {@linkplain Operation#resource() path}; action: the operation's name;
 * admins bypass; default deny → {@code Forbidden}, audited); then {@code NotFound} for an unknown
 * mount, {@code InvalidInput} for an operation the mount's engine type does not have; then an audit
 * entry, written before the operation runs, for an operation that {@linkplain
 * Operation#changesState() changes state}; then the engine.
 */
public interface EngineUseCase {

  /**
   * Runs {@code operation} on {@code mount} with a request the door built itself (gRPC, web pages,
   * embedding code). A mount of another engine type answers {@code InvalidInput("unknown operation
   * encrypt for engine type kv")}.
   */
  <Q extends Record, R extends Record> R run(
      Caller caller, String mount, Operation<Q, R> operation, Q request);

  /**
   * Runs {@code operation} with a request the door builds from its own message only once the ACL
   * has let the caller in ({@link RequestReader#of}): a denied caller is refused {@code Forbidden}
   * whatever his data, as on the JSON door, and an allowed one gets the record's own refusal. Doors
   * that build records from untrusted messages (gRPC, web forms) use this form.
   */
  <Q extends Record, R extends Record> R run(
      Caller caller, String mount, Operation<Q, R> operation, RequestReader data);

  /**
   * Runs the operation named {@code operation} for a door that carries untyped data (the JSON
   * door): the core finds the operation in the mount's engine type, then asks {@code data} for its
   * request record. An unknown operation is {@code InvalidInput("unknown operation x for engine
   * type t")}; data that does not make a valid request is refused with the reader's message, once
   * the ACL has let the caller in. Answers the operation's response record.
   */
  Record dispatch(Caller caller, String mount, String operation, RequestReader data);

  /**
   * Runs a {@linkplain Operation#publicRead() public read} for someone without a token (the public
   * endpoints: a CA's certificate, a CRL, an SSH CA key, a KRL): {@code Unavailable("sealed")}
   * while sealed, {@code NotFound} for an unknown mount, {@code InvalidInput} for an operation the
   * mount's engine type does not have; no ACL and no audit entry (it changes nothing); the engine
   * sees {@link Caller#anonymous}. An operation that is not a public read is {@code
   * Unauthenticated}: it needs a token, through {@link #run}.
   */
  <Q extends Record, R extends Record> R runPublic(
      String mount, Operation<Q, R> operation, Q request, String sourceAddress);
}
