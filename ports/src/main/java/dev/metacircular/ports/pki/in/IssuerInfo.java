package dev.metacircular.ports.pki.in;

import java.time.Instant;
import java.util.Objects;

/** An issuer: its name, subject, key type, certificate (PEM) and validity. Never its key. */
public record IssuerInfo(
    String name,
    String commonName,
    String keyType,
    SerialNumber serialNumber,
    String certificate,
    Instant notBefore,
    Instant notAfter) {
  public IssuerInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(certificate, "certificate");
  }
}
