package dev.metacircular.rest;

import java.security.KeyStore;
import java.util.Objects;

/**
 * The server's TLS identity: a key store holding one private key entry (with its certificate chain)
 * and the password that protects it. The password stays a {@code char[]}; the caller owns it and
 * may wipe it once the server has started.
 */
public record TlsSettings(KeyStore keyStore, char[] keyStorePassword) {
  public TlsSettings {
    Objects.requireNonNull(keyStore, "keyStore");
    Objects.requireNonNull(keyStorePassword, "keyStorePassword");
  }

  @Override
  public String toString() {
    return "TlsSettings[keyStore=" + keyStore.getType() + ", keyStorePassword=redacted]";
  }
}
