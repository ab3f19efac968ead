package dev.metacircular.ports.ssh.in;

/**
 * The answer of {@code get-ca-key}: the CA's public key as one {@code authorized_keys} line (for
 * sshd's {@code TrustedUserCAKeys}, or after {@code @cert-authority <hosts>} in known_hosts), its
 * type and fingerprint.
 */
public record CaKey(String publicKey, String keyType, String fingerprint) {}
