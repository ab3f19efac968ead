package dev.metacircular.ports.pki.in;

/**
 * {@code fetch-ca} / {@code fetch-chain} (public): the root, or the chain of {@code issuer} (every
 * issuer when absent) followed by the root.
 */
public record FetchCa(String issuer) {
  public FetchCa {
    if (issuer != null) {
      PkiName.require("issuer", issuer);
    }
  }
}
