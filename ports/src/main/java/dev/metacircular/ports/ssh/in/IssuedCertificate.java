package dev.metacircular.ports.ssh.in;

import java.time.Instant;
import java.util.List;

/**
 * The issued-certificate store's record of one certificate: who asked, for which key, what it says,
 * and whether (and when) it was revoked.
 *
 * @param requestedBy the identity username of the caller who signed it
 * @param keyFingerprint the certified key's {@code SHA256:...} fingerprint
 * @param certificate the certificate line ({@code get-cert} only; null in lists)
 */
public record IssuedCertificate(
    SerialNumber serialNumber,
    String keyId,
    String profile,
    String certType,
    String requestedBy,
    String keyFingerprint,
    List<String> principals,
    Instant issuedAt,
    Instant validAfter,
    Instant validBefore,
    boolean revoked,
    Instant revokedAt,
    String certificate) {
  public IssuedCertificate {
    principals = List.copyOf(principals);
  }

  /** This record without the certificate text (for lists). */
  public IssuedCertificate summary() {
    return new IssuedCertificate(
        serialNumber,
        keyId,
        profile,
        certType,
        requestedBy,
        keyFingerprint,
        principals,
        issuedAt,
        validAfter,
        validBefore,
        revoked,
        revokedAt,
        null);
  }
}
