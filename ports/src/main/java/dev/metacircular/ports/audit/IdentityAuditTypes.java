package dev.metacircular.ports.audit;

/**
 * The catalogue of the identity service's audit event types: every {@link AuditEvent#type} its log
 * holds (wire names, as the reference uses them). The types both services write are defined once in
 * {@link AuditTypes} and named here again, so this one class lists the service's events.
 */
public final class IdentityAuditTypes {
  public static final String LOGIN_SUCCESS = "login_success";
  public static final String LOGIN_FAILURE = "login_failure";
  public static final String LOGIN_DENIED_BY_POLICY = "login_denied_policy";
  public static final String LOGIN_RATE_LIMITED = "login_rate_limited";
  public static final String ACCOUNT_LOCKED = "account_locked";
  public static final String LOGOUT = "logout";
  public static final String TOKEN_ISSUED = "token_issued";
  public static final String TOKEN_RENEWED = "token_renewed";
  public static final String TOKEN_REVOKED = "token_revoked";
  public static final String TOKENS_PRUNED = "tokens_pruned";
  public static final String ACCOUNT_CREATED = "account_created";
  public static final String ACCOUNT_UPDATED = "account_updated";
  public static final String ACCOUNT_DELETED = "account_deleted";
  public static final String PASSWORD_CHANGED = "password_changed";
  public static final String ROLES_CHANGED = "roles_changed";
  public static final String TOTP_ENROLLED = "totp_enrolled";
  public static final String TOTP_CONFIRMED = "totp_confirmed";
  public static final String TOTP_REMOVED = "totp_removed";
  public static final String TOTP_REPLAY = "totp_replay";
  public static final String POLICY_RULE_CREATED = AuditTypes.POLICY_RULE_CREATED;
  public static final String POLICY_RULE_UPDATED = AuditTypes.POLICY_RULE_UPDATED;
  public static final String POLICY_RULE_DELETED = AuditTypes.POLICY_RULE_DELETED;
  public static final String SSO_CLIENT_CREATED = "sso_client_created";
  public static final String SSO_CLIENT_UPDATED = "sso_client_updated";
  public static final String SSO_CLIENT_SECRET_ROTATED = "sso_client_secret_rotated";
  public static final String SSO_CLIENT_DELETED = "sso_client_deleted";
  public static final String SSO_CODE_ISSUED = "sso_code_issued";
  public static final String SSO_CODE_EXCHANGED = "sso_code_exchanged";
  public static final String SSO_TOKEN_REFUSED = "sso_token_refused";
  public static final String PASSKEY_REGISTERED = "passkey_registered";
  public static final String PASSKEY_REMOVED = "passkey_removed";
  public static final String PASSKEY_LOGIN_FAILURE = "passkey_login_failure";

  /** A renewal refused: the session reached its absolute lifetime, or the login policy. */
  public static final String TOKEN_RENEW_REFUSED = "token_renew_refused";

  /** A refused request on a protected path: see {@link AuditTypes#REQUEST_REFUSED}. */
  public static final String REQUEST_REFUSED = AuditTypes.REQUEST_REFUSED;

  public static final String RECOVERY_CODES_GENERATED = "recovery_codes_generated";
  public static final String RECOVERY_CODE_USED = "recovery_code_used";

  private IdentityAuditTypes() {}
}
