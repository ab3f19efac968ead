package dev.metacircular.crypto.keyset;

/**
 * The key types a {@link KeysetKey} can hold. Each maps to exactly one set of Tink parameters, all
 * with the RAW output prefix (no Tink key-id header): the caller's own format names the key
 * version, and the primitive output is the standard one, so exported keys interoperate with any
 * other implementation of the algorithm.
 *
 * <ul>
 *   <li>{@link #AES256_GCM}: 256-bit key, 96-bit random nonce, 128-bit tag; output {@code nonce ||
 *       ciphertext || tag}.
 *   <li>{@link #CHACHA20_POLY1305}: RFC 8439, 96-bit random nonce; output {@code nonce ||
 *       ciphertext || tag}.
 *   <li>{@link #ED25519}: RFC 8032 Ed25519, 64-byte signatures.
 *   <li>{@link #ECDSA_P256}: ECDSA on NIST P-256 with SHA-256, DER-encoded signatures (what {@code
 *       openssl dgst -verify} and JCA {@code SHA256withECDSA} expect).
 *   <li>{@link #HMAC_SHA256}: 256-bit key, full 32-byte HMAC-SHA256 tag.
 * </ul>
 *
 * <p>The enum constant names are stable: callers may store them.
 */
public enum KeyType {
  AES256_GCM(KeyPurpose.ENCRYPTION),
  CHACHA20_POLY1305(KeyPurpose.ENCRYPTION),
  ED25519(KeyPurpose.SIGNING),
  ECDSA_P256(KeyPurpose.SIGNING),
  HMAC_SHA256(KeyPurpose.MAC);

  private final KeyPurpose purpose;

  KeyType(KeyPurpose purpose) {
    this.purpose = purpose;
  }

  public KeyPurpose purpose() {
    return purpose;
  }
}
