package dev.metacircular.ports.audit;

/**
 * The catalogue of the crypto service's audit event types: every {@link AuditEvent#type} its log
 * holds. The types both services write are defined once in {@link AuditTypes} and named here again,
 * so this one class lists the service's events.
 */
public final class CryptoAuditTypes {

  /** First-time setup of the seal barrier (written before the keyring is stored). */
  public static final String BARRIER_INITIALIZED = "barrier_initialized";

  public static final String UNSEAL_SUCCESS = "unseal_success";

  /** A wrong seal password, on unseal or on rekey (subject {@code rekey}). */
  public static final String UNSEAL_FAILURE = "unseal_failure";

  public static final String SEALED = "sealed";

  /** The seal password changed (the master keys re-wrapped). */
  public static final String REKEYED = "rekeyed";

  /** A new master key version; subject the version. */
  public static final String MASTER_KEY_ROTATED = "master_key_rotated";

  /** An engine mounted; subject the mount name. */
  public static final String MOUNT_CREATED = "mount_created";

  public static final String MOUNT_DELETED = "mount_deleted";

  /** An engine operation that changes state, allowed by the ACL. */
  public static final String ENGINE_REQUEST = "engine_request";

  /** An engine operation the ACL denied. */
  public static final String ENGINE_REQUEST_DENIED = "engine_request_denied";

  public static final String POLICY_RULE_CREATED = AuditTypes.POLICY_RULE_CREATED;
  public static final String POLICY_RULE_UPDATED = AuditTypes.POLICY_RULE_UPDATED;
  public static final String POLICY_RULE_DELETED = AuditTypes.POLICY_RULE_DELETED;

  /** A refused request on a protected path: see {@link AuditTypes#REQUEST_REFUSED}. */
  public static final String REQUEST_REFUSED = AuditTypes.REQUEST_REFUSED;

  private CryptoAuditTypes() {}
}
