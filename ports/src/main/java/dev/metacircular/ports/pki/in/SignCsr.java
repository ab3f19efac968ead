package dev.metacircular.ports.pki.in;

import java.util.List;

/**
 * {@code sign}: a certificate under {@code role} for the key of {@code csr} (PEM, its signature is
 * checked). The names are the CSR's, or {@code common_name} / {@code alt_names} when given; either
 * way they are checked against the role exactly as {@code issue}'s are, and the extensions come
 * from the role, never from the CSR.
 */
public record SignCsr(String role, String csr, String commonName, List<String> altNames, Ttl ttl) {
  public SignCsr {
    PkiName.require("role", role);
    PkiName.required("csr", csr);
    altNames = altNames == null ? null : PkiName.list("alt_names", altNames);
  }
}
