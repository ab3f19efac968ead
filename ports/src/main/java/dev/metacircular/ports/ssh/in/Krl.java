package dev.metacircular.ports.ssh.in;

import java.time.Instant;

/**
 * The answer of {@code get-krl}: the KRL in OpenSSH's binary format (PROTOCOL.krl), its version
 * (one more on every revocation), when it was generated, and how many serials and key ids it
 * revokes.
 */
public record Krl(
    byte[] krl, long version, Instant generatedAt, int revokedSerials, int revokedKeyIds) {
  public Krl {
    krl = krl.clone();
  }

  @Override
  public byte[] krl() {
    return krl.clone();
  }
}
