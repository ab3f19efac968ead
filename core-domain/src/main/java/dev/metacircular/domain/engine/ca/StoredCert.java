package dev.metacircular.domain.engine.ca;

import dev.metacircular.ports.pki.in.CertInfo;
import dev.metacircular.ports.pki.in.SerialNumber;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A certificate this CA issued, as the store keeps it: the DER and what listings, renewal and
 * revocation need. {@code fromCsr} marks a certificate whose key the client holds (renewal is then
 * {@code sign} again).
 */
record StoredCert(
    BigInteger serial,
    String issuer,
    String role,
    String requestedBy,
    String commonName,
    List<String> names,
    Instant notBefore,
    Instant notAfter,
    Instant revokedAt,
    boolean fromCsr,
    byte[] der) {

  StoredCert {
    Objects.requireNonNull(serial, "serial");
    Objects.requireNonNull(issuer, "issuer");
    names = List.copyOf(names);
    Objects.requireNonNull(der, "der");
  }

  StoredCert revoked(Instant at) {
    return new StoredCert(
        serial,
        issuer,
        role,
        requestedBy,
        commonName,
        names,
        notBefore,
        notAfter,
        at,
        fromCsr,
        der);
  }

  CertInfo info(boolean withPem) {
    return new CertInfo(
        new SerialNumber(serial),
        issuer,
        role,
        requestedBy,
        commonName,
        names,
        notBefore,
        notAfter,
        revokedAt != null,
        revokedAt,
        withPem ? dev.metacircular.crypto.x509.Pem.encode("CERTIFICATE", der) : null);
  }
}
