package dev.metacircular.domain.engine.ca;

import dev.metacircular.crypto.x509.CertificateSigner;
import dev.metacircular.crypto.x509.Pem;
import dev.metacircular.ports.error.DomainException;
import java.security.PrivateKey;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The mount's signing authorities, read from the store on first use and kept parsed: the root and
 * each issuer (an intermediate the root signed). The name {@value #ROOT} stands for the root
 * wherever an issuer is named in a public path ({@code /issuer/root}, its CRL), so no issuer may
 * take it. {@link #clear()} drops every parsed key (on close, and when an issuer is deleted).
 *
 * <p>The JDK's private key objects cannot be wiped in place; dropping every reference to them and
 * wiping the PKCS#8 bytes they were read from is what the JVM allows.
 */
final class Authorities {

  /** The name the root answers to in public paths. */
  static final String ROOT = "root";

  private final CaStore store;
  private final Map<String, CertificateSigner> signers = new ConcurrentHashMap<>();

  Authorities(CaStore store) {
    this.store = store;
  }

  /** The root's signer; the mount always has one once opened. */
  CertificateSigner root() {
    return signers.computeIfAbsent(
        ROOT,
        n ->
            load(
                store.rootCertificate().orElseThrow(() -> new IllegalStateException("no root")),
                store.rootKey().orElseThrow(() -> new IllegalStateException("no root key"))));
  }

  /** Issuer {@code name}'s signer (the root for {@value #ROOT}), if it exists. */
  Optional<CertificateSigner> find(String name) {
    if (name.equals(ROOT)) {
      return Optional.of(root());
    }
    CertificateSigner cached = signers.get(name);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<byte[]> certificate = store.issuerCertificate(name);
    if (certificate.isEmpty()) {
      return Optional.empty();
    }
    byte[] key =
        store.issuerKey(name).orElseThrow(() -> new IllegalStateException("issuer without key"));
    CertificateSigner signer = load(certificate.get(), key);
    signers.put(name, signer);
    return Optional.of(signer);
  }

  /** Issuer {@code name}'s signer, or {@code NotFound}. */
  CertificateSigner require(String name) {
    return find(name)
        .orElseThrow(() -> new DomainException.NotFound("issuer " + name + " not found"));
  }

  void forget(String name) {
    signers.remove(name);
  }

  void clear() {
    signers.clear();
  }

  private static CertificateSigner load(byte[] certificate, byte[] pkcs8) {
    try {
      PrivateKey key = Pem.privateKey(pkcs8);
      return new CertificateSigner(Pem.certificate(certificate), key);
    } finally {
      Arrays.fill(pkcs8, (byte) 0);
    }
  }
}
