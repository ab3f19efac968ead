package dev.metacircular.ports.ssh.in;

import java.time.Instant;
import java.util.List;

/**
 * The answer of {@code sign}.
 *
 * @param certificate the certificate as one OpenSSH line, for {@code id_ed25519-cert.pub}
 * @param ttl the lifetime granted
 * @param ttlCapped true when the lifetime asked for was longer than the profile's max_ttl
 * @param notice what was changed from the request, in words (the cap), or null
 */
public record SignedCertificate(
    String certificate,
    SerialNumber serialNumber,
    String keyId,
    String certType,
    List<String> principals,
    Instant validAfter,
    Instant validBefore,
    SshTtl ttl,
    boolean ttlCapped,
    String notice) {
  public SignedCertificate {
    principals = List.copyOf(principals);
  }
}
