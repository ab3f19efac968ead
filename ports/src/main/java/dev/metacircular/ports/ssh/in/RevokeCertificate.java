package dev.metacircular.ports.ssh.in;

import dev.metacircular.ports.error.DomainException;

/**
 * {@code revoke}: one certificate by {@code serialNumber}, or every certificate with {@code keyId}
 * (which the KRL then lists by key id too). Exactly one of the two.
 */
public record RevokeCertificate(SerialNumber serialNumber, String keyId) {
  public RevokeCertificate {
    if ((serialNumber == null) == (keyId == null)) {
      throw new DomainException.InvalidInput("give serial_number or key_id (exactly one)");
    }
    SshFields.text("key_id", keyId, 256);
  }

  /** The ACL path's name part: the serial's text, or null when revoking by key id. */
  public String serialText() {
    return serialNumber == null ? null : serialNumber.text();
  }
}
