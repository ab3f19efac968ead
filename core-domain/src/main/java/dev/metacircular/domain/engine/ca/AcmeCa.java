package dev.metacircular.domain.engine.ca;

import dev.metacircular.crypto.x509.CertificateRequest;
import dev.metacircular.crypto.x509.Pem;
import dev.metacircular.ports.engine.out.EngineStorage;
import dev.metacircular.ports.engine.spi.Engine;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.pki.in.IssuedCertificate;
import dev.metacircular.ports.pki.in.RoleInfo;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the ACME server ({@code domain.acme}) may do with one open {@code ca} mount, and nothing
 * more: read its {@code acme} settings and roles, issue from a CSR under a role (the same name
 * rules, key rules and signing as the engine's {@code sign}), look up and revoke its certificates,
 * use EAB credentials once, and keep its own state under {@code acme/} in the mount's barrier
 * storage. Obtained from the open engine ({@link #of}); valid until the mount closes (seal).
 */
public final class AcmeCa {

  /** An engine that serves an ACME directory. */
  interface Source {
    AcmeCa acme();
  }

  /**
   * The mount's {@code acme} config.
   *
   * @param dnsResolver "host:port", or empty for the system resolver
   */
  public record Settings(
      boolean enabled,
      boolean eabRequired,
      int http01Port,
      int tlsAlpn01Port,
      String dnsResolver) {}

  /** Stored EAB credentials (never the key). */
  public record Eab(String kid, String role, Instant expiresAt, String usedBy) {}

  /** A certificate of the mount as ACME sees it. */
  public record Certificate(
      BigInteger serial, String role, X509Certificate certificate, Instant revokedAt) {}

  private final CaEngine engine;
  private final CaStore store;
  private final Settings settings;
  private final EngineStorage state;

  AcmeCa(CaEngine engine, CaStore store, CaMountConfig.Acme config) {
    this.engine = engine;
    this.store = store;
    this.settings =
        new Settings(
            config.enabled(),
            config.eabRequired(),
            config.http01Port(),
            config.tlsAlpn01Port(),
            config.dnsResolver());
    this.state = new PrefixedStorage(storage(store), "acme/");
  }

  /** The ACME side of {@code engine}, or empty when it is not a {@code ca} mount. */
  public static Optional<AcmeCa> of(Engine engine) {
    return engine instanceof Source source ? Optional.of(source.acme()) : Optional.empty();
  }

  public Settings settings() {
    return settings;
  }

  /** The ACME server's own corner of the mount's barrier storage (paths under {@code acme/}). */
  public EngineStorage state() {
    return state;
  }

  /** A lock for ACME state changes that must not interleave (one per open mount). */
  public Object lock() {
    return this;
  }

  public Optional<RoleInfo> role(String name) {
    return engine.findRole(name);
  }

  /** Whether the role allows the DNS name (a wildcard {@code *.x} included). */
  public static boolean allows(RoleInfo role, String dnsName) {
    return NamePolicy.allowsDns(role, dnsName);
  }

  /**
   * Issues a certificate for the CSR's key under {@code role}, carrying exactly {@code names} (the
   * CSR's own, which the caller has compared with the order). {@code InvalidInput} when the role
   * refuses the key or a name.
   */
  public IssuedCertificate issue(
      RoleInfo role, CertificateRequest csr, List<String> names, String requestedBy) {
    RoleKeys.requireAllowed(role.keyType(), role.keyBits(), csr.publicKey(), role.name());
    String cn = csr.commonName() != null ? csr.commonName() : names.get(0);
    RequestedNames checked =
        NamePolicy.check(
            role,
            cn,
            names,
            csr.ipAddresses().stream().map(InetAddress::getHostAddress).toList(),
            csr.uris());
    return engine.certify(role, checked, csr.publicKey(), null, requestedBy, true);
  }

  public Optional<Certificate> certificate(BigInteger serial) {
    return store
        .cert(serial)
        .map(c -> new Certificate(c.serial(), c.role(), Pem.certificate(c.der()), c.revokedAt()));
  }

  /** The certificate of the role's issuer (PEM), to complete a chain. */
  public String issuerPem(RoleInfo role) {
    return Pem.certificate(engine.authorities().require(role.issuer()).certificate());
  }

  /** Revokes the certificate; false when it was revoked already. */
  public boolean revoke(BigInteger serial) {
    StoredCert cert =
        store.cert(serial).orElseThrow(() -> new DomainException.NotFound("certificate not found"));
    if (cert.revokedAt() != null) {
      return false;
    }
    engine.revokeStored(cert);
    return true;
  }

  public Optional<Eab> eab(String kid) {
    if (!kid.matches("[A-Za-z0-9_-]{1,64}")) {
      return Optional.empty();
    }
    return store.eab(kid).map(t -> eabOf(kid, t));
  }

  /** The EAB's HMAC key, or empty once used. The caller wipes it. */
  public Optional<byte[]> eabKey(String kid) {
    return eab(kid).isEmpty() ? Optional.empty() : store.eabKey(kid);
  }

  /** Marks the credentials used by {@code account} and deletes their key. */
  public void useEab(String kid, String account) {
    Map<String, Object> metadata =
        store.eab(kid).orElseThrow(() -> new DomainException.NotFound("eab not found"));
    store.consumeEab(kid, metadata, account);
  }

  private static Eab eabOf(String kid, Map<String, Object> t) {
    return new Eab(
        kid,
        (String) t.get("role"),
        Instant.ofEpochMilli(((Number) t.get("expires_at")).longValue()),
        (String) t.get("used_by"));
  }

  private static EngineStorage storage(CaStore store) {
    return store.storage();
  }

  /** A view of an engine storage under a path prefix. */
  private record PrefixedStorage(EngineStorage storage, String prefix) implements EngineStorage {
    @Override
    public Optional<byte[]> get(String path) {
      return storage.get(prefix + path);
    }

    @Override
    public void put(String path, byte[] value) {
      storage.put(prefix + path, value);
    }

    @Override
    public boolean delete(String path) {
      return storage.delete(prefix + path);
    }

    @Override
    public List<String> list(String start) {
      return storage.list(prefix + start).stream().map(p -> p.substring(prefix.length())).toList();
    }

    @Override
    public void putAll(Map<String, byte[]> writes) {
      Map<String, byte[]> prefixed = new java.util.LinkedHashMap<>();
      writes.forEach((k, v) -> prefixed.put(prefix + k, v));
      storage.putAll(prefixed);
    }
  }
}
