package dev.metacircular.apps.tls;

import dev.metacircular.crypto.TlsCertificates;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server's TLS certificate and key, read from their PEM files and read again at the next TLS
 * handshake after either file changed: a renewed certificate (written by {@link
 * CertificateRenewer}, or by an operator's tool) is served without a restart. Both the HTTPS
 * listener (Jetty) and the gRPC listener (Netty) ask it at every handshake.
 *
 * <p>The files are replaced one after the other, so a handshake may see a new key beside the old
 * certificate: a pair that does not match is not taken, the last good one keeps being served, and
 * the next handshake tries again. Each pair read gets its own alias, so a handshake that chose an
 * alias gets that pair's chain and key even if a new pair arrives meanwhile.
 */
public final class ReloadingTlsKeys extends X509ExtendedKeyManager {
  private static final Logger log = LoggerFactory.getLogger(ReloadingTlsKeys.class);

  private final Path certFile;
  private final Path keyFile;
  private final AtomicLong generation = new AtomicLong();
  private volatile Pair current;
  private volatile Pair previous;

  /** One certificate chain with its key, and the state of the files it was read from. */
  private record Pair(
      String alias, X509Certificate[] chain, PrivateKey key, Object certStamp, Object keyStamp) {}

  /** The file's identity and last change: an atomic rename changes the first, a rewrite both. */
  private record Stamp(Object fileKey, long modified, long size) {}

  private ReloadingTlsKeys(Path certFile, Path keyFile) {
    this.certFile = certFile;
    this.keyFile = keyFile;
  }

  /**
   * Reads the pair now.
   *
   * @throws IllegalArgumentException naming the setting ({@code tls_cert}, {@code tls_key}) and the
   *     file when either is missing, unreadable, or they do not match
   */
  public static ReloadingTlsKeys load(Path certFile, Path keyFile) {
    ReloadingTlsKeys keys =
        new ReloadingTlsKeys(
            Objects.requireNonNull(certFile, "certFile"),
            Objects.requireNonNull(keyFile, "keyFile"));
    keys.current = keys.read(stamp(certFile), stamp(keyFile));
    return keys;
  }

  /** The certificate served now (the leaf), after taking changed files into account. */
  public X509Certificate certificate() {
    return fresh().chain()[0];
  }

  /**
   * Reads the files again when either changed since the pair in use was read; keeps the pair in use
   * when the new files are not a usable pair yet.
   *
   * @return true when a new pair is now served
   */
  public boolean refresh() {
    Pair pair = current;
    Object certStamp = stamp(certFile);
    Object keyStamp = stamp(keyFile);
    if (certStamp.equals(pair.certStamp()) && keyStamp.equals(pair.keyStamp())) {
      return false;
    }
    synchronized (this) {
      if (current != pair) {
        return true; // another handshake took the new pair meanwhile
      }
      try {
        Pair next = read(certStamp, keyStamp);
        previous = current;
        current = next;
        log.atInfo()
            .addKeyValue("cert", certFile)
            .addKeyValue("serial", next.chain()[0].getSerialNumber().toString(16))
            .addKeyValue("not_after", next.chain()[0].getNotAfter().toInstant())
            .log("TLS certificate reloaded");
        return true;
      } catch (RuntimeException e) {
        // Half-replaced or broken (never thrown into a handshake): keep serving the last good pair,
        // try again next time.
        log.atWarn()
            .addKeyValue("cert", certFile)
            .addKeyValue("reason", e.getMessage())
            .log("TLS certificate files changed but are not usable; still serving the last good");
        return false;
      }
    }
  }

  private Pair fresh() {
    refresh();
    return current;
  }

  private Pair read(Object certStamp, Object keyStamp) {
    char[] password = "in-memory".toCharArray(); // the store never leaves this method
    KeyStore store = TlsCertificates.keyStoreFromPem(certFile, keyFile, password);
    try {
      PrivateKey key = (PrivateKey) store.getKey(TlsCertificates.KEY_ALIAS, password);
      Certificate[] chain = store.getCertificateChain(TlsCertificates.KEY_ALIAS);
      X509Certificate[] x509 =
          Arrays.stream(chain).map(c -> (X509Certificate) c).toArray(X509Certificate[]::new);
      return new Pair("tls-" + generation.incrementAndGet(), x509, key, certStamp, keyStamp);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("tls_key: unusable private key in " + keyFile);
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  private static Object stamp(Path file) {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      return new Stamp(a.fileKey(), a.lastModifiedTime().toMillis(), a.size());
    } catch (IOException e) {
      return new Stamp(null, -1, -1); // gone for a moment while being replaced
    }
  }

  private Pair byAlias(String alias) {
    Pair now = current;
    if (now.alias().equals(alias)) {
      return now;
    }
    Pair before = previous;
    return before != null && before.alias().equals(alias) ? before : null;
  }

  private String aliasFor(String keyType) {
    Pair pair = fresh();
    String algorithm = pair.key().getAlgorithm();
    boolean fits =
        keyType == null
            || keyType.equals(algorithm)
            || keyType.startsWith(algorithm + "_") // e.g. EC_EC
            || ("EdDSA".equals(keyType) && "Ed25519".equals(algorithm));
    return fits ? pair.alias() : null;
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return aliasFor(keyType);
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return aliasFor(keyType);
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    String alias = aliasFor(keyType);
    return alias == null ? null : new String[] {alias};
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    Pair pair = byAlias(alias);
    return pair == null ? null : pair.chain().clone();
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    Pair pair = byAlias(alias);
    return pair == null ? null : pair.key();
  }

  // A server's key manager: it never authenticates as a client.

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return null;
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return null;
  }

  @Override
  public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
    return null;
  }

  @Override
  public String toString() {
    return "ReloadingTlsKeys[" + certFile + "]";
  }
}
