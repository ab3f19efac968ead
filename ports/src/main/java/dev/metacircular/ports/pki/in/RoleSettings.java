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

  /**
   * Settings for role {@code name} built field by field ({@code
   * RoleSettings.named("web").issuer("infra").allowedDomains(List.of("example.test")).build()}): a
   * caller names only the fields it sets, the others stay absent.
   */
  public static Builder named(String name) {
    return new Builder(name);
  }

  /** Collects the fields of a {@link RoleSettings}; {@link #build()} checks them. */
  public static final class Builder {
    private final String name;
    private String issuer;
    private List<String> allowedDomains;
    private Boolean allowSubdomains;
    private Boolean allowBareDomains;
    private Boolean allowWildcard;
    private Boolean allowLocalhost;
    private Boolean allowIpSans;
    private List<String> allowedUriSans;
    private String keyType;
    private Integer keyBits;
    private Ttl ttl;
    private Ttl maxTtl;
    private Boolean serverFlag;
    private Boolean clientFlag;
    private Boolean requireCn;

    private Builder(String name) {
      this.name = name;
    }

    public Builder issuer(String value) {
      issuer = value;
      return this;
    }

    public Builder allowedDomains(List<String> value) {
      allowedDomains = value;
      return this;
    }

    public Builder allowSubdomains(Boolean value) {
      allowSubdomains = value;
      return this;
    }

    public Builder allowBareDomains(Boolean value) {
      allowBareDomains = value;
      return this;
    }

    public Builder allowWildcard(Boolean value) {
      allowWildcard = value;
      return this;
    }

    public Builder allowLocalhost(Boolean value) {
      allowLocalhost = value;
      return this;
    }

    public Builder allowIpSans(Boolean value) {
      allowIpSans = value;
      return this;
    }

    public Builder allowedUriSans(List<String> value) {
      allowedUriSans = value;
      return this;
    }

    public Builder keyType(String value) {
      keyType = value;
      return this;
    }

    public Builder keyBits(Integer value) {
      keyBits = value;
      return this;
    }

    public Builder ttl(Ttl value) {
      ttl = value;
      return this;
    }

    public Builder maxTtl(Ttl value) {
      maxTtl = value;
      return this;
    }

    public Builder serverFlag(Boolean value) {
      serverFlag = value;
      return this;
    }

    public Builder clientFlag(Boolean value) {
      clientFlag = value;
      return this;
    }

    public Builder requireCn(Boolean value) {
      requireCn = value;
      return this;
    }

    public RoleSettings build() {
      return new RoleSettings(
          name,
          issuer,
          allowedDomains,
          allowSubdomains,
          allowBareDomains,
          allowWildcard,
          allowLocalhost,
          allowIpSans,
          allowedUriSans,
          keyType,
          keyBits,
          ttl,
          maxTtl,
          serverFlag,
          clientFlag,
          requireCn);
    }
  }
}
