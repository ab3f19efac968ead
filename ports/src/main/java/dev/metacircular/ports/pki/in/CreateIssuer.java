package dev.metacircular.ports.pki.in;

/**
 * {@code create-issuer}: an intermediate CA {@code name} signed by the mount's root (path length
 * 0), with subject CN {@code common_name}; key type (default {@code ec-p384}) and ttl (default and
 * cap: the root's remaining validity) optional.
 */
public record CreateIssuer(String name, String commonName, String keyType, Ttl ttl) {
  public CreateIssuer {
    PkiName.require("name", name);
    PkiName.required("common_name", commonName);
  }
}
