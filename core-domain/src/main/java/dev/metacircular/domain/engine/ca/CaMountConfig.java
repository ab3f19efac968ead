package dev.metacircular.domain.engine.ca;

import dev.metacircular.crypto.x509.CertificateKeyType;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.pki.in.Ttl;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A {@code ca} mount's configuration: how its root comes to be (generated from {@code
 * root_common_name}, {@code root_key_type} (default {@code ec-p384}) and {@code root_ttl} (default
 * {@code 87600h}); or imported from {@code root_certificate} + {@code root_private_key}, PEM) and
 * its ACME server ({@code acme}: enabled, eab_required (true), http01_port (80), tlsalpn01_port
 * (443), dns_resolver ("host:port", empty for the system resolver)). Unknown fields are refused.
 */
record CaMountConfig(
    String rootCommonName,
    CertificateKeyType rootKeyType,
    Duration rootTtl,
    String rootCertificate,
    boolean importsRoot,
    Acme acme) {

  static final String ROOT_PRIVATE_KEY = "root_private_key";

  /** Where validateConfig leaves the hand-off reference of an imported key (never the key). */
  static final String ROOT_KEY_REF = "root_key_ref";

  private static final Set<String> FIELDS =
      Set.of(
          "root_common_name",
          "root_key_type",
          "root_ttl",
          "root_certificate",
          ROOT_PRIVATE_KEY,
          ROOT_KEY_REF,
          "acme");
  private static final Set<String> ACME_FIELDS =
      Set.of("enabled", "eab_required", "http01_port", "tlsalpn01_port", "dns_resolver");

  /** The ACME server's settings. */
  record Acme(
      boolean enabled, boolean eabRequired, int http01Port, int tlsAlpn01Port, String dnsResolver) {
    Map<String, Object> tree() {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("enabled", enabled);
      out.put("eab_required", eabRequired);
      out.put("http01_port", http01Port);
      out.put("tlsalpn01_port", tlsAlpn01Port);
      out.put("dns_resolver", dnsResolver);
      return out;
    }
  }

  /** The configuration in {@code config}; {@code InvalidInput} naming the first bad field. */
  static CaMountConfig parse(Map<String, Object> config) {
    for (String key : config.keySet()) {
      if (!FIELDS.contains(key)) {
        throw new DomainException.InvalidInput(
            "unknown ca mount config field " + key + " (known: " + String.join(", ", FIELDS) + ")");
      }
    }
    String certificate = text(config, "root_certificate");
    boolean imports =
        certificate != null
            || config.get(ROOT_PRIVATE_KEY) != null
            || config.get(ROOT_KEY_REF) != null;
    String commonName = text(config, "root_common_name");
    if (!imports && commonName == null) {
      throw new DomainException.InvalidInput(
          "root_common_name is required (or root_certificate and root_private_key to import a"
              + " root)");
    }
    if (imports && certificate == null) {
      throw new DomainException.InvalidInput("root_certificate is required with root_private_key");
    }
    if (imports && config.get(ROOT_PRIVATE_KEY) == null && config.get(ROOT_KEY_REF) == null) {
      throw new DomainException.InvalidInput("root_private_key is required with root_certificate");
    }
    String typeName = text(config, "root_key_type");
    CertificateKeyType type =
        typeName == null
            ? CertificateKeyType.EC_P384
            : CertificateKeyType.named(typeName)
                .orElseThrow(
                    () ->
                        new DomainException.InvalidInput(
                            "root_key_type must be one of " + CertificateKeyType.names()));
    String ttlText = text(config, "root_ttl");
    Duration ttl =
        ttlText == null ? Duration.ofHours(87600) : Ttl.parse("root_ttl", ttlText).duration();
    return new CaMountConfig(commonName, type, ttl, certificate, imports, acme(config.get("acme")));
  }

  private static Acme acme(Object value) {
    if (value == null) {
      return new Acme(false, true, 80, 443, "");
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw new DomainException.InvalidInput("acme must be an object");
    }
    for (Object key : map.keySet()) {
      if (!ACME_FIELDS.contains(key)) {
        throw new DomainException.InvalidInput(
            "unknown acme field " + key + " (known: " + String.join(", ", ACME_FIELDS) + ")");
      }
    }
    String resolver =
        map.get("dns_resolver") == null ? "" : String.valueOf(map.get("dns_resolver"));
    if (!resolver.isEmpty() && !resolver.matches("[A-Za-z0-9.\\-\\[\\]:]+:[0-9]{1,5}")) {
      throw new DomainException.InvalidInput("acme.dns_resolver must be host:port");
    }
    return new Acme(
        bool(map.get("enabled"), false, "acme.enabled"),
        bool(map.get("eab_required"), true, "acme.eab_required"),
        port(map.get("http01_port"), 80, "acme.http01_port"),
        port(map.get("tlsalpn01_port"), 443, "acme.tlsalpn01_port"),
        resolver);
  }

  /** The normalised form the mount stores: defaults filled in, the private key left out. */
  Map<String, Object> tree(String keyRef) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (importsRoot) {
      out.put("root_certificate", rootCertificate);
      out.put(ROOT_KEY_REF, keyRef);
    } else {
      out.put("root_common_name", rootCommonName);
      out.put("root_key_type", rootKeyType.wireName());
      out.put("root_ttl", Ttl.of(rootTtl).text());
    }
    out.put("acme", acme.tree());
    return out;
  }

  private static String text(Map<String, Object> config, String field) {
    Object value = config.get(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String s) || s.isBlank()) {
      throw new DomainException.InvalidInput(field + " must be a non-empty string");
    }
    return s;
  }

  private static boolean bool(Object value, boolean fallback, String field) {
    if (value == null) {
      return fallback;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    throw new DomainException.InvalidInput(field + " must be true or false");
  }

  private static int port(Object value, int fallback, String field) {
    if (value == null) {
      return fallback;
    }
    if (value instanceof Number n
        && n.longValue() >= 1
        && n.longValue() <= 65535
        && n.doubleValue() == n.longValue()) {
      return n.intValue();
    }
    throw new DomainException.InvalidInput(field + " must be a port number (1-65535)");
  }
}
