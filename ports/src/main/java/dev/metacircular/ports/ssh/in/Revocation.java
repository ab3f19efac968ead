package dev.metacircular.ports.ssh.in;

import java.time.Instant;
import java.util.List;

/**
 * The answer of {@code revoke}: the serials now revoked, when, and the KRL version that lists them
 * (already published at {@code GET /v1/ssh/<mount>/krl}).
 */
public record Revocation(
    List<SerialNumber> serialNumbers, String keyId, Instant revokedAt, long krlVersion) {
  public Revocation {
    serialNumbers = List.copyOf(serialNumbers);
  }
}
