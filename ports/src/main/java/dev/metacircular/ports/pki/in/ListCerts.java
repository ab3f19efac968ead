package dev.metacircular.ports.pki.in;

/**
 * {@code list-certs}: the certificates of the mount, or of {@code issuer} only; only revoked (or
 * only unrevoked) ones when {@code revoked} is given.
 */
public record ListCerts(String issuer, Boolean revoked) {
  public ListCerts {
    if (issuer != null) {
      PkiName.require("issuer", issuer);
    }
  }
}
