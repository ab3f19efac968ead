package dev.metacircular.rest;

import java.security.KeyStore;
import java.util.Objects;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The server's TLS identity: a key store holding one private key entry (with its certificate chain)
 * and the password that protects it. The password stays a {@code char[]}; the caller owns it and
 * may wipe it once the server has started.
 *
 * <p>{@code liveKeys}, when not null, is what every TLS handshake asks for the certificate and key
 * instead of the key store (which then holds the material the server started with): a key manager
 * whose material changes at run time serves a renewed certificate without a restart.
 */
public record TlsSettings(
    KeyStore keyStore, char[] keyStorePassword, X509ExtendedKeyManager liveKeys) {
  public TlsSettings {
    Objects.requireNonNull(keyStore, "keyStore");
    Objects.requireNonNull(keyStorePassword, "keyStorePassword");
  }

  /** The key store's material only, fixed for the server's life. */
  public TlsSettings(KeyStore keyStore, char[] keyStorePassword) {
    this(keyStore, keyStorePassword, null);
  }

  @Override
  public String toString() {
    return "TlsSettings[keyStore=" + keyStore.getType() + ", keyStorePassword=redacted]";
  }
}
