package dev.metacircular.ports.client.out;

import dev.metacircular.ports.audit.AuditEvent;
import dev.metacircular.ports.audit.AuditFilter;
import dev.metacircular.ports.client.Unreachable;
import dev.metacircular.ports.engine.in.Mount;
import dev.metacircular.ports.engine.spi.Operation;
import dev.metacircular.ports.seal.KeyRotation;
import dev.metacircular.ports.seal.SealState;
import java.util.List;
import java.util.Map;

/**
 * The crypto service as a remote caller drives it: the admin shell today, the control plane's CLI
 * and master next. A client is bound to one session, like {@link IdentityClient}. Implemented over
 * REST (adapters-rest {@code RestCryptoClient}), over gRPC (adapters-grpc {@code GrpcCryptoClient})
 * and in process over a crypto core (core-domain {@code InProcessCryptoClient}). Passwords are
 * {@code char[]} owned by the caller; refusals are the ports' {@code DomainException}s, a service
 * that cannot be reached an {@link Unreachable}.
 */
public interface CryptoClient {

  /** The seal state; needs no login. */
  SealState status();

  /** The state with a short timeout, for the prompt (the REST and gRPC clients shorten it). */
  default SealState quickStatus() {
    return status();
  }

  /** First-time setup; leaves the service unsealed. */
  void init(char[] password);

  /** Opens the barrier with the seal password. */
  void unseal(char[] password);

  /** Closes the barrier, wiping the keys (admin). */
  void seal();

  /** Changes the seal password (admin). */
  void rekey(char[] oldPassword, char[] newPassword);

  /** Starts a master key rotation (admin); answers its progress. */
  KeyRotation rotate();

  /** The master key versions and the rotation's progress (admin). */
  KeyRotation keyStatus();

  /** Every engine mount. */
  List<Mount> mounts();

  /** Mounts a new engine of {@code type} at {@code name}, with the engine's defaults. */
  default Mount mount(String name, String type) {
    return mount(name, type, Map.of());
  }

  /**
   * Mounts a new engine of {@code type} at {@code name} with its mount {@code config} (JSON-shaped
   * values: text, numbers, booleans, lists and tables), which the engine checks: a CA's {@code
   * root_common_name}, an SSH CA's {@code key_type}, ...
   */
  Mount mount(String name, String type, Map<String, Object> config);

  /** Removes the mount and every key under it, for good. */
  void unmount(String name);

  /**
   * One engine operation, typed: the request record in, the operation's response record out. The
   * service runs it as it runs every operation (seal gate, ACL on the operation's name and path,
   * audit of state changes, engine); its refusals arrive as the same {@code DomainException}s.
   */
  <Q extends Record, R extends Record> R run(String mount, Operation<Q, R> operation, Q request);

  /** The service's ACL rules. */
  RuleClient acl();

  /** Matching audit events, newest first. */
  List<AuditEvent> audit(AuditFilter filter);
}
