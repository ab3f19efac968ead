package dev.metacircular.ports.pki.in;

import java.util.List;
import java.util.Objects;

/** A role as stored: every field of {@link RoleSettings}, resolved. */
public record RoleInfo(
    String name,
    String issuer,
    List<String> allowedDomains,
    boolean allowSubdomains,
    boolean allowBareDomains,
    boolean allowWildcard,
    boolean allowLocalhost,
    boolean allowIpSans,
    List<String> allowedUriSans,
    String keyType,
    int keyBits,
    Ttl ttl,
    Ttl maxTtl,
    boolean serverFlag,
    boolean clientFlag,
    boolean requireCn) {
  public RoleInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(issuer, "issuer");
    allowedDomains = List.copyOf(allowedDomains);
    allowedUriSans = List.copyOf(allowedUriSans);
    Objects.requireNonNull(keyType, "keyType");
    Objects.requireNonNull(ttl, "ttl");
    Objects.requireNonNull(maxTtl, "maxTtl");
  }
}
