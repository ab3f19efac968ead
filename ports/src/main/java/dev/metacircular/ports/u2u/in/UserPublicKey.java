package dev.metacircular.ports.u2u.in;

/**
 * A user's current public key: X.509 SubjectPublicKeyInfo DER (base64 on the JSON door), its
 * version, and the curve ({@code x25519} or {@code p256}).
 */
public record UserPublicKey(String username, byte[] publicKey, int keyVersion, String keyType) {}
