package dev.metacircular.ports.ssh.in;

import java.util.List;

/** The answer of {@code list-certs}, oldest first; records without the certificate text. */
public record CertificateList(List<IssuedCertificate> certs) {
  public CertificateList {
    certs = List.copyOf(certs);
  }
}
