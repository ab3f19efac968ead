package dev.metacircular.ports.acme;

import java.util.Locale;

/**
 * The ACME error types (RFC 8555 §6.7, RFC 9773) this server answers, each with the HTTP status its
 * problem document carries. A closed set: every refusal of the ACME door is one of these.
 */
public enum AcmeProblemType {
  BAD_NONCE("badNonce", 400),
  MALFORMED("malformed", 400),
  UNAUTHORIZED("unauthorized", 403),
  ACCOUNT_DOES_NOT_EXIST("accountDoesNotExist", 400),
  EXTERNAL_ACCOUNT_REQUIRED("externalAccountRequired", 400),
  REJECTED_IDENTIFIER("rejectedIdentifier", 400),
  UNSUPPORTED_IDENTIFIER("unsupportedIdentifier", 400),
  BAD_CSR("badCSR", 400),
  ORDER_NOT_READY("orderNotReady", 403),
  BAD_SIGNATURE_ALGORITHM("badSignatureAlgorithm", 400),
  BAD_PUBLIC_KEY("badPublicKey", 400),
  INCORRECT_RESPONSE("incorrectResponse", 403),
  CONNECTION("connection", 400),
  DNS("dns", 400),
  TLS("tls", 400),
  UNSUPPORTED_CONTACT("unsupportedContact", 400),
  INVALID_CONTACT("invalidContact", 400),
  ALREADY_REVOKED("alreadyRevoked", 400),
  BAD_REVOCATION_REASON("badRevocationReason", 400),
  /** Not an RFC type: the resource does not exist (answered with the malformed URN and 404). */
  NOT_FOUND("malformed", 404),
  /** The new key of a key change belongs to another account (409, RFC 8555 §7.3.5). */
  CONFLICT("malformed", 409),
  /** The service is sealed or the ACME server is off (503). */
  UNAVAILABLE("serverInternal", 503),
  SERVER_INTERNAL("serverInternal", 500);

  private final String code;
  private final int status;

  AcmeProblemType(String code, int status) {
    this.code = code;
    this.status = status;
  }

  /** The type's name in its URN ({@code badNonce}). */
  public String code() {
    return code;
  }

  /** {@code urn:ietf:params:acme:error:<code>}. */
  public String urn() {
    return "urn:ietf:params:acme:error:" + code;
  }

  /** The HTTP status of a problem document of this type. */
  public int status() {
    return status;
  }

  /** The type whose code is {@code code} (the first with that code), for stored problems. */
  public static AcmeProblemType ofCode(String code) {
    for (AcmeProblemType t : values()) {
      if (t.code.equals(code)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown ACME error type " + code);
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
