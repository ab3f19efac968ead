package dev.metacircular.domain.engine.ca;

import dev.metacircular.crypto.SecureRandoms;
import dev.metacircular.crypto.x509.CertificateKeyType;
import dev.metacircular.crypto.x509.CertificateProfile;
import dev.metacircular.crypto.x509.CertificateSigner;
import dev.metacircular.crypto.x509.Pem;
import dev.metacircular.ports.engine.spi.Engine;
import dev.metacircular.ports.engine.spi.EngineContext;
import dev.metacircular.ports.engine.spi.EngineType;
import dev.metacircular.ports.engine.spi.Operation;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.pki.in.PkiOperations;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code ca} engine type: a certificate authority per mount (see {@link CaEngine} and {@code
 * docs/pki.md}). Its operations are declared in {@link PkiOperations}.
 *
 * <p>The root comes to be when the mount opens for the first time: generated from {@code
 * root_common_name} / {@code root_key_type} / {@code root_ttl}, or imported from {@code
 * root_certificate} + {@code root_private_key}. An imported key must never rest in the mount's
 * configuration (the mount table is listed to admins), so {@link #validateConfig} parses it, keeps
 * it in memory under a random reference and stores only that reference; the engine, opened right
 * after in the same mount call, moves the key into the mount's barrier storage and wipes the copy.
 */
public final class CaEngineType implements EngineType {

  /** The type name clients give when mounting. */
  public static final String TYPE = PkiOperations.TYPE;

  private final CaUrls urls;
  private final Map<String, byte[]> pendingRootKeys = new ConcurrentHashMap<>();

  /** A CA whose certificates point at {@code urls} for their CRLs and OCSP. */
  public CaEngineType(CaUrls urls) {
    this.urls = Objects.requireNonNull(urls, "urls");
  }

  /** A CA whose certificates carry no CRL or OCSP URLs (embedding code with no server). */
  public CaEngineType() {
    this(CaUrls.none());
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public List<Operation<?, ?>> operations() {
    return PkiOperations.ALL;
  }

  @Override
  public Map<String, Object> validateConfig(Map<String, Object> config) {
    CaMountConfig parsed = CaMountConfig.parse(config == null ? Map.of() : config);
    if (!parsed.importsRoot()) {
      return parsed.tree(null);
    }
    Object keyRef = config.get(CaMountConfig.ROOT_KEY_REF);
    if (keyRef != null) {
      throw new DomainException.InvalidInput("root_key_ref cannot be given");
    }
    X509Certificate certificate = importedCertificate(parsed.rootCertificate());
    Object keyText = config.get(CaMountConfig.ROOT_PRIVATE_KEY);
    if (!(keyText instanceof String text)) {
      throw new DomainException.InvalidInput("root_private_key must be a PEM string");
    }
    char[] chars = text.toCharArray();
    PrivateKey key;
    try {
      key = Pem.privateKey(chars);
    } catch (IllegalArgumentException e) {
      throw new DomainException.InvalidInput("root_private_key: " + e.getMessage());
    } finally {
      Arrays.fill(chars, '\0');
    }
    if (!Pem.matches(key, certificate.getPublicKey())) {
      throw new DomainException.InvalidInput(
          "root_private_key does not match root_certificate's public key");
    }
    String ref = HexFormat.of().formatHex(SecureRandoms.bytes(16));
    pendingRootKeys.put(ref, key.getEncoded());
    return parsed.tree(ref);
  }

  @Override
  public Engine open(EngineContext context) {
    Objects.requireNonNull(context, "context");
    CaStore store = new CaStore(context.storage());
    if (store.rootCertificate().isEmpty()) {
      createRoot(store, CaMountConfig.parse(context.config()), context);
    }
    return new CaEngine(context, urls);
  }

  private void createRoot(CaStore store, CaMountConfig config, EngineContext context) {
    if (config.importsRoot()) {
      Object ref = context.config().get(CaMountConfig.ROOT_KEY_REF);
      byte[] key = ref == null ? null : pendingRootKeys.remove(String.valueOf(ref));
      if (key == null) {
        throw new IllegalStateException(
            "mount " + context.mountName() + ": the imported root key is no longer at hand");
      }
      try {
        store.putRoot(Pem.der(importedCertificate(config.rootCertificate())), key);
      } finally {
        Arrays.fill(key, (byte) 0);
      }
      return;
    }
    CertificateKeyType type = config.rootKeyType();
    KeyPair pair = type.generate();
    Instant now = context.clock().instant();
    X509Certificate root =
        CertificateSigner.selfSigned(
            CertificateProfile.authority(
                config.rootCommonName(),
                CertificateSigner.randomSerial(CaEngine.SERIAL_BITS),
                now.minusSeconds(CaEngine.BACKDATE_SECONDS),
                now.plus(config.rootTtl()),
                null),
            pair);
    byte[] key = pair.getPrivate().getEncoded();
    try {
      store.putRoot(Pem.der(root), key);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  private static X509Certificate importedCertificate(String pem) {
    List<X509Certificate> certificates;
    try {
      certificates = Pem.certificates(pem);
    } catch (IllegalArgumentException e) {
      throw new DomainException.InvalidInput("root_certificate: " + e.getMessage());
    }
    X509Certificate certificate = certificates.get(0);
    if (certificate.getBasicConstraints() < 0) {
      throw new DomainException.InvalidInput("root_certificate is not a CA certificate");
    }
    if (CertificateKeyType.of(certificate.getPublicKey()).isEmpty()) {
      throw new DomainException.InvalidInput(
          "root_certificate's key type is not supported (use " + CertificateKeyType.names() + ")");
    }
    return certificate;
  }
}
