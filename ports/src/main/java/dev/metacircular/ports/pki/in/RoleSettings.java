package dev.metacircular.ports.pki.in;

import java.util.List;

/**
 * {@code create-role} / {@code update-role}: what role {@code name} lets callers certify. For
 * create, absent fields take their defaults (no domains, everything {@code false} but {@code
 * server_flag}, key {@code ec-p256}, ttl 720h, max_ttl 2160h, require_cn true); for update, absent
 * fields keep their value. The engine checks the issuer, the key type and the ttls.
 */
public record RoleSettings(
    String name,
    String issuer,
    List<String> allowedDomains,
    Boolean allowSubdomains,
    Boolean allowBareDomains,
    Boolean allowWildcard,
    Boolean allowLocalhost,
    Boolean allowIpSans,
    List<String> allowedUriSans,
    String keyType,
    Integer keyBits,
    Ttl ttl,
    Ttl maxTtl,
    Boolean serverFlag,
    Boolean clientFlag,
    Boolean requireCn) {
  public RoleSettings {
    PkiName.require("name", name);
    if (issuer != null) {
      PkiName.require("issuer", issuer);
    }
    allowedDomains =
        allowedDomains == null ? null : PkiName.list("allowed_domains", allowedDomains);
    allowedUriSans =
        allowedUriSans == null ? null : PkiName.list("allowed_uri_sans", allowedUriSans);
  }
}
