package dev.metacircular.ports.acme.in;

import java.util.Objects;

/**
 * An account's public key as the door verified it: its RFC 7638 thumbprint (SHA-256, base64url),
 * its JCA algorithm ({@code EC}, {@code RSA}, {@code Ed25519}) and its X.509 SubjectPublicKeyInfo
 * encoding.
 */
public record AccountKey(String thumbprint, String algorithm, byte[] spki) {
  public AccountKey {
    Objects.requireNonNull(thumbprint, "thumbprint");
    Objects.requireNonNull(algorithm, "algorithm");
    spki = Objects.requireNonNull(spki, "spki").clone();
    if (thumbprint.isBlank() || spki.length == 0) {
      throw new IllegalArgumentException("an account key needs a thumbprint and its encoding");
    }
  }

  @Override
  public byte[] spki() {
    return spki.clone();
  }
}
