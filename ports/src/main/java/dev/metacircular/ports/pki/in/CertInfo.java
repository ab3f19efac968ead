package dev.metacircular.ports.pki.in;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A certificate this CA issued: serial, issuer, role, who asked ({@code requested_by}), names,
 * validity, the PEM, and whether (and when) it was revoked.
 */
public record CertInfo(
    SerialNumber serialNumber,
    String issuer,
    String role,
    String requestedBy,
    String commonName,
    List<String> names,
    Instant notBefore,
    Instant notAfter,
    boolean revoked,
    Instant revocationTime,
    String certificate) {
  public CertInfo {
    Objects.requireNonNull(serialNumber, "serialNumber");
    names = List.copyOf(names);
  }
}
