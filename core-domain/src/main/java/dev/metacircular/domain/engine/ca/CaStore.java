package dev.metacircular.domain.engine.ca;

import dev.metacircular.domain.codec.TreeCodec;
import dev.metacircular.ports.engine.out.EngineStorage;
import dev.metacircular.ports.pki.in.RoleInfo;
import dev.metacircular.ports.pki.in.Ttl;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code ca} engine's layout in its mount's barrier storage (every value sealed under the
 * mount's key): {@code root/cert} and {@code root/key} (DER, PKCS#8), {@code issuers/<name>/cert}
 * and {@code issuers/<name>/key}, {@code roles/<name>}, {@code certs/<serial hex>}, {@code
 * eab/<kid>} and {@code eab/<kid>/key}. Private keys are stored as raw PKCS#8 bytes in entries of
 * their own and are never written anywhere else.
 */
final class CaStore {
  private final EngineStorage storage;

  CaStore(EngineStorage storage) {
    this.storage = Objects.requireNonNull(storage, "storage");
  }

  /** The mount's storage itself, for the ACME server's own entries under {@code acme/}. */
  EngineStorage storage() {
    return storage;
  }

  Optional<byte[]> rootCertificate() {
    return storage.get("root/cert");
  }

  Optional<byte[]> rootKey() {
    return storage.get("root/key");
  }

  void putRoot(byte[] certificate, byte[] key) {
    Map<String, byte[]> writes = new LinkedHashMap<>();
    writes.put("root/cert", certificate);
    writes.put("root/key", key);
    storage.putAll(writes);
  }

  Optional<byte[]> issuerCertificate(String name) {
    return storage.get("issuers/" + name + "/cert");
  }

  Optional<byte[]> issuerKey(String name) {
    return storage.get("issuers/" + name + "/key");
  }

  void putIssuer(String name, byte[] certificate, byte[] key) {
    Map<String, byte[]> writes = new LinkedHashMap<>();
    writes.put("issuers/" + name + "/cert", certificate);
    writes.put("issuers/" + name + "/key", key);
    storage.putAll(writes);
  }

  void deleteIssuer(String name, List<BigInteger> certificates) {
    Map<String, byte[]> writes = new LinkedHashMap<>();
    writes.put("issuers/" + name + "/cert", null);
    writes.put("issuers/" + name + "/key", null);
    for (BigInteger serial : certificates) {
      writes.put(certPath(serial), null);
    }
    storage.putAll(writes);
  }

  List<String> issuerNames() {
    List<String> names = new ArrayList<>();
    for (String path : storage.list("issuers/")) {
      if (path.endsWith("/cert")) {
        names.add(path.substring("issuers/".length(), path.length() - "/cert".length()));
      }
    }
    return names;
  }

  Optional<RoleInfo> role(String name) {
    return storage.get("roles/" + name).map(CaStore::decodeRole);
  }

  void putRole(RoleInfo role) {
    storage.put("roles/" + role.name(), encodeRole(role));
  }

  boolean deleteRole(String name) {
    return storage.delete("roles/" + name);
  }

  List<String> roleNames() {
    return storage.list("roles/").stream().map(p -> p.substring("roles/".length())).toList();
  }

  Optional<StoredCert> cert(BigInteger serial) {
    return storage.get(certPath(serial)).map(CaStore::decodeCert);
  }

  boolean certExists(BigInteger serial) {
    return storage.get(certPath(serial)).isPresent();
  }

  void putCert(StoredCert cert) {
    storage.put(certPath(cert.serial()), encodeCert(cert));
  }

  void deleteCerts(List<BigInteger> serials) {
    Map<String, byte[]> writes = new LinkedHashMap<>();
    serials.forEach(s -> writes.put(certPath(s), null));
    if (!writes.isEmpty()) {
      storage.putAll(writes);
    }
  }

  List<StoredCert> certs() {
    List<StoredCert> out = new ArrayList<>();
    for (String path : storage.list("certs/")) {
      storage.get(path).map(CaStore::decodeCert).ifPresent(out::add);
    }
    return out;
  }

  /** Stores EAB credentials: the metadata and, in an entry of its own, the HMAC key. */
  void putEab(String kid, String role, String owner, Instant expiresAt, byte[] key) {
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("role", role);
    tree.put("owner", owner);
    tree.put("expires_at", expiresAt.toEpochMilli());
    Map<String, byte[]> writes = new LinkedHashMap<>();
    writes.put("eab/" + kid, TreeCodec.encode(tree));
    writes.put("eab/" + kid + "/key", key);
    storage.putAll(writes);
  }

  /**
   * The EAB credentials' metadata ({@code role}, {@code owner}, {@code expires_at}, {@code
   * used_by}).
   */
  Optional<Map<String, Object>> eab(String kid) {
    return storage.get("eab/" + kid).map(TreeCodec::decode);
  }

  Optional<byte[]> eabKey(String kid) {
    return storage.get("eab/" + kid + "/key");
  }

  /** Marks the credentials used by {@code account} and deletes their key, in one write. */
  void consumeEab(String kid, Map<String, Object> metadata, String account) {
    Map<String, Object> tree = new LinkedHashMap<>(metadata);
    tree.put("used_by", account);
    Map<String, byte[]> writes = new LinkedHashMap<>();
    writes.put("eab/" + kid, TreeCodec.encode(tree));
    writes.put("eab/" + kid + "/key", null);
    storage.putAll(writes);
  }

  private static String certPath(BigInteger serial) {
    return "certs/" + serial.toString(16);
  }

  private static byte[] encodeRole(RoleInfo role) {
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("issuer", role.issuer());
    tree.put("allowed_domains", role.allowedDomains());
    tree.put("allow_subdomains", role.allowSubdomains());
    tree.put("allow_bare_domains", role.allowBareDomains());
    tree.put("allow_wildcard", role.allowWildcard());
    tree.put("allow_localhost", role.allowLocalhost());
    tree.put("allow_ip_sans", role.allowIpSans());
    tree.put("allowed_uri_sans", role.allowedUriSans());
    tree.put("key_type", role.keyType());
    tree.put("key_bits", role.keyBits());
    tree.put("ttl", role.ttl().duration().getSeconds());
    tree.put("max_ttl", role.maxTtl().duration().getSeconds());
    tree.put("server_flag", role.serverFlag());
    tree.put("client_flag", role.clientFlag());
    tree.put("require_cn", role.requireCn());
    tree.put("name", role.name());
    return TreeCodec.encode(tree);
  }

  @SuppressWarnings("unchecked")
  private static RoleInfo decodeRole(byte[] bytes) {
    Map<String, Object> t = TreeCodec.decode(bytes);
    return new RoleInfo(
        (String) t.get("name"),
        (String) t.get("issuer"),
        (List<String>) t.get("allowed_domains"),
        (Boolean) t.get("allow_subdomains"),
        (Boolean) t.get("allow_bare_domains"),
        (Boolean) t.get("allow_wildcard"),
        (Boolean) t.get("allow_localhost"),
        (Boolean) t.get("allow_ip_sans"),
        (List<String>) t.get("allowed_uri_sans"),
        (String) t.get("key_type"),
        ((Number) t.get("key_bits")).intValue(),
        Ttl.of(Duration.ofSeconds(((Number) t.get("ttl")).longValue())),
        Ttl.of(Duration.ofSeconds(((Number) t.get("max_ttl")).longValue())),
        (Boolean) t.get("server_flag"),
        (Boolean) t.get("client_flag"),
        (Boolean) t.get("require_cn"));
  }

  private static byte[] encodeCert(StoredCert cert) {
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("serial", cert.serial().toString(16));
    tree.put("issuer", cert.issuer());
    tree.put("role", cert.role());
    tree.put("requested_by", cert.requestedBy());
    tree.put("common_name", cert.commonName());
    tree.put("names", cert.names());
    tree.put("not_before", cert.notBefore().toEpochMilli());
    tree.put("not_after", cert.notAfter().toEpochMilli());
    tree.put("revoked_at", cert.revokedAt() == null ? null : cert.revokedAt().toEpochMilli());
    tree.put("from_csr", cert.fromCsr());
    tree.put("der", Base64.getEncoder().encodeToString(cert.der()));
    return TreeCodec.encode(tree);
  }

  @SuppressWarnings("unchecked")
  private static StoredCert decodeCert(byte[] bytes) {
    Map<String, Object> t = TreeCodec.decode(bytes);
    Object revoked = t.get("revoked_at");
    return new StoredCert(
        new BigInteger((String) t.get("serial"), 16),
        (String) t.get("issuer"),
        (String) t.get("role"),
        (String) t.get("requested_by"),
        (String) t.get("common_name"),
        (List<String>) t.get("names"),
        Instant.ofEpochMilli(((Number) t.get("not_before")).longValue()),
        Instant.ofEpochMilli(((Number) t.get("not_after")).longValue()),
        revoked == null ? null : Instant.ofEpochMilli(((Number) revoked).longValue()),
        (Boolean) t.get("from_csr"),
        Base64.getDecoder().decode((String) t.get("der")));
  }
}
