package dev.metacircular.ports.pki.in;

import java.util.List;

/** {@code list-issuers}: the issuer names, ascending. */
public record IssuerList(List<String> issuers) {
  public IssuerList {
    issuers = List.copyOf(issuers);
  }
}
