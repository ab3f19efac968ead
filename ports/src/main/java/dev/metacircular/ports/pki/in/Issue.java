package dev.metacircular.ports.pki.in;

import java.util.List;

/**
 * {@code issue}: a key pair generated here and a certificate for it under {@code role}, for the
 * names {@code common_name} + {@code alt_names} (DNS), {@code ip_sans}, {@code uri_sans}, each
 * checked against the role; {@code ttl} defaults to the role's and is capped by its max_ttl and the
 * issuer's validity.
 */
public record Issue(
    String role,
    String commonName,
    List<String> altNames,
    List<String> ipSans,
    List<String> uriSans,
    Ttl ttl) {
  public Issue {
    PkiName.require("role", role);
    altNames = PkiName.list("alt_names", altNames);
    ipSans = PkiName.list("ip_sans", ipSans);
    uriSans = PkiName.list("uri_sans", uriSans);
  }
}
