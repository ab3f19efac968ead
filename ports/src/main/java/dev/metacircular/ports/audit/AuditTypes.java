package dev.metacircular.ports.audit;

/**
 * The audit event types every service writes, defined once so their wire names cannot drift apart:
 * a refusal and a policy rule change read the same in the identity service's log and the crypto
 * service's. Each service's catalogue ({@link IdentityAuditTypes}, {@link CryptoAuditTypes}) names
 * them again beside its own.
 */
public final class AuditTypes {

  /**
   * A refused request on a protected path, on either service (DESIGN.md §8): actor and source of
   * the caller (empty actor when the request carried no valid token), subject the target, details
   * {@code action}, {@code status}, {@code reason} and, for an authenticated caller, {@code
   * username}.
   */
  public static final String REQUEST_REFUSED = "request_refused";

  /** A policy rule stored (identity login policy, crypto-service ACL); subject the rule id. */
  public static final String POLICY_RULE_CREATED = "policy_rule_created";

  public static final String POLICY_RULE_UPDATED = "policy_rule_updated";
  public static final String POLICY_RULE_DELETED = "policy_rule_deleted";

  private AuditTypes() {}
}
