package dev.metacircular.ports.pki.in;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A certificate just issued: its PEM, the private key (only from {@code issue} and {@code renew},
 * the one time it is shown; null from {@code sign}), the issuing CA's certificate, the chain up to
 * the root (issuer first), the serial number and the expiry.
 */
public record IssuedCertificate(
    String certificate,
    PrivateKeyPem privateKey,
    String issuingCa,
    List<String> caChain,
    SerialNumber serialNumber,
    Instant expiration) {
  public IssuedCertificate {
    Objects.requireNonNull(certificate, "certificate");
    caChain = List.copyOf(caChain);
    Objects.requireNonNull(serialNumber, "serialNumber");
    Objects.requireNonNull(expiration, "expiration");
  }

  @Override
  public String toString() {
    return "IssuedCertificate[serial=" + serialNumber + ", expiration=" + expiration + "]";
  }
}
