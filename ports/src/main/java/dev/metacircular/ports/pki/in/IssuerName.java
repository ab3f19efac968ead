package dev.metacircular.ports.pki.in;

/** {@code get-issuer}, {@code fetch-issuer}: the issuer called {@code name}. */
public record IssuerName(String name) {
  public IssuerName {
    PkiName.require("name", name);
  }
}
