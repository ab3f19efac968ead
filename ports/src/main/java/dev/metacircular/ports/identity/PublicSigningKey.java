package dev.metacircular.ports.identity;

import java.util.Objects;

/**
 * The public half of the token signing key, for services that verify tokens themselves.
 *
 * @param keyId the {@code kid} tokens carry
 * @param algorithm always {@code EdDSA}
 * @param curve always {@code Ed25519}
 * @param x the raw 32-byte public key, base64url without padding (the JWK {@code x})
 * @param pem the SubjectPublicKeyInfo PEM
 */
public record PublicSigningKey(String keyId, String algorithm, String curve, String x, String pem) {
  public PublicSigningKey {
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(curve, "curve");
    Objects.requireNonNull(x, "x");
    Objects.requireNonNull(pem, "pem");
  }
}
