package dev.metacircular.ports.pki.in;

/** {@code fetch-crl} (public): issuer {@code issuer}'s complete CRL, or its delta CRL. */
public record FetchCrl(String issuer, Boolean delta) {
  public FetchCrl {
    PkiName.require("issuer", issuer);
    delta = delta != null && delta;
  }
}
