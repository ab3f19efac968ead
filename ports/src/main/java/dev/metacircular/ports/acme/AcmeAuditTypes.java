package dev.metacircular.ports.acme;

/**
 * The audit event types of the ACME server, written to the crypto service's audit log; actor {@code
 * acme:<mount>/<role>/<account id>}, subject the account, order or certificate serial.
 */
public final class AcmeAuditTypes {

  /** A new ACME account (details: the EAB kid it was bound with, if any). */
  public static final String ACCOUNT_CREATED = "acme_account_created";

  /** An account deactivated by its holder. */
  public static final String ACCOUNT_DEACTIVATED = "acme_account_deactivated";

  /** An account's key rolled over (RFC 8555 §7.3.5). */
  public static final String ACCOUNT_KEY_CHANGED = "acme_account_key_changed";

  /** An order finalized: a certificate issued (details: serial, names). */
  public static final String ORDER_FINALIZED = "acme_order_finalized";

  /** A certificate revoked through the ACME server (details: serial, reason, by). */
  public static final String CERTIFICATE_REVOKED = "acme_certificate_revoked";

  private AcmeAuditTypes() {}
}
