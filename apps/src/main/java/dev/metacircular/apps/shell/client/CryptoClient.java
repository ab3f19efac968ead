package dev.metacircular.apps.shell.client;

import dev.metacircular.ports.audit.AuditEvent;
import dev.metacircular.ports.audit.AuditFilter;
import dev.metacircular.ports.engine.in.Mount;
import dev.metacircular.ports.seal.KeyRotation;
import dev.metacircular.ports.seal.SealState;
import java.util.List;
import java.util.Map;

/**
 * The crypto service as the admin shell drives it. Implemented over REST ({@link
 * RestCryptoClient}), over gRPC ({@link GrpcCryptoClient}) and over the database file ({@link
 * OfflineCryptoClient}). Passwords are {@code char[]} owned by the caller.
 */
public interface CryptoClient {

  SealState status();

  /** The state with a short timeout, for the prompt (the REST and gRPC clients shorten it). */
  default SealState quickStatus() {
    return status();
  }

  /** First-time setup; leaves the service unsealed. */
  void init(char[] password);

  void unseal(char[] password);

  void seal();

  void rekey(char[] oldPassword, char[] newPassword);

  KeyRotation rotate();

  KeyRotation keyStatus();

  List<Mount> mounts();

  Mount mount(String name, String type);

  /** Removes the mount and every key under it, for good. */
  void unmount(String name);

  /** One engine operation; answers its {@code data}. */
  Map<String, Object> request(String mount, String operation, Map<String, Object> data);

  RuleClient acl();

  /** Matching audit events, newest first. */
  List<AuditEvent> audit(AuditFilter filter);
}
